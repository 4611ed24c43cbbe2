package main

// getcpu(2); the syscall package does not name it on amd64.
const sysGetcpu = 309
