// Builds the KubeSphere 4.1.1 host with @ks-console/bootstrap's own production webpack config,
// run by host.mjs with the host directory as the working directory (bootstrap resolves its
// paths against process.cwd()). Changes to that config, each for build time on 2 cores and
// none to what the page runs: no minimising, no type checker or progress bar (plugins that
// only report), a filesystem cache, and ts-loader given a tsconfig of the fixture's.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const hostRequire = createRequire(path.join(process.cwd(), 'package.json'));
const webpack = hostRequire('webpack');
const config = hostRequire('@ks-console/bootstrap/webpack/webpack.prod.conf');

const dropped = new Set(['ForkTsCheckerWebpackPlugin', 'WebpackBarPlugin', 'WebpackBar']);
config.plugins = config.plugins.filter((p) => !dropped.has(p?.constructor?.name));
config.optimization.minimize = false;
config.cache = {
  type: 'filesystem',
  cacheDirectory: path.join(process.cwd(), '.webpack-cache'),
  buildDependencies: { config: [fileURLToPath(import.meta.url)] },
};
config.infrastructureLogging = { level: 'error' };
for (const rule of config.module.rules) {
  if (rule.loader === 'ts-loader') rule.options = { ...rule.options, configFile: process.env.KS_HOST_TSCONFIG };
}

const t0 = Date.now();
webpack(config, (err, stats) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  if (stats.hasErrors()) {
    console.error(stats.toString({ all: false, errors: true, errorDetails: false }).slice(0, 8000));
    process.exit(1);
  }
  console.log(`kshost: webpack done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});
