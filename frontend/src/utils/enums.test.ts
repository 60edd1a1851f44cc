import { describe, expect, it } from 'vitest';
import { i18n, t } from '../i18n';
import en from '../locales/en.json';
import zh from '../locales/zh.json';
import { enumKey, enumLabel, enumOptions, enumText } from './enums';
import { GAME_SERVER_STATES, NETWORK_STATES, networkTone, OPS_STATES } from './okg';
import { POD_UPDATE_POLICIES } from './scaling';
import { POLICY_TYPES, SELECT_POLICIES } from './autoscaler';

describe('enum labels', () => {
  it('every value the console offers has a label in both languages, and en keeps the OKG value', () => {
    const all: [Parameters<typeof enumKey>[0], readonly string[]][] = [
      ['state', GAME_SERVER_STATES],
      ['opsState', OPS_STATES],
      ['networkState', NETWORK_STATES],
      ['podUpdatePolicy', POD_UPDATE_POLICIES],
      ['scaleDownStrategy', ['General', 'ReserveIds']],
      ['updateStrategy', ['RollingUpdate', 'OnDelete']],
      ['selectPolicy', SELECT_POLICIES],
      ['policyType', POLICY_TYPES],
    ];
    for (const [kind, values] of all) {
      for (const v of values) {
        const key = enumKey(kind, v);
        expect(key, `${kind} ${v}`).toBeDefined();
        if (!key) continue;
        expect((en as Record<string, string>)[key], key).toBe(v);
        expect((zh as Record<string, string>)[key], key).toMatch(/\p{Script=Han}/u);
      }
    }
  });

  it('shows the label, and the raw value beside it only where they differ', async () => {
    await i18n.changeLanguage('zh');
    expect(enumLabel(t, 'opsState', 'Maintaining')).toBe('维护中');
    expect(enumText(t, 'opsState', 'Maintaining')).toBe('维护中 (Maintaining)');
    expect(enumText(t, 'networkState', 'Waiting')).toBe('等待中 (Waiting)');
    expect(enumOptions(t, 'scaleDownStrategy', ['ReserveIds'])).toEqual([{ value: 'ReserveIds', label: '保留序号 (ReserveIds)' }]);
    // unknown values and "" pass through
    expect(enumText(t, 'networkType', 'AlibabaCloud-SLB')).toBe('AlibabaCloud-SLB');
    expect(enumText(t, 'state', '')).toBe('');
    // inherited object keys are not enum values
    expect(enumKey('state', 'toString')).toBeUndefined();
    await i18n.changeLanguage('en');
    expect(enumText(t, 'opsState', 'Maintaining')).toBe('Maintaining');
  });

  it('draws network state Waiting as in progress, not as a problem', () => {
    expect(networkTone('Waiting')).toBe('info');
    expect(networkTone('NotReady')).toBe('error');
    expect(networkTone('Ready')).toBe('success');
    expect(networkTone('')).toBe('default');
  });
});
