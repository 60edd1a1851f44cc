// Package version holds the build's version, set with -ldflags "-X ...version.Version=v1.2.3".
package version

// Version is the console's version.
var Version = "0.1.0-dev"
