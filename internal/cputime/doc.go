// Package cputime gives the CPU time of the process, for benchmarks: on a
// machine shared with other work, wall time says more about the others than
// about the code measured. Where the system does not say (not unix), it is
// 0 and benchmarks report their wall time only.
package cputime
