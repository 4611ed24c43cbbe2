// Advisory file locks for "one measurement at a time per host" (src/host/runLock.ts):
// flock(2) on a lock file, which the kernel releases when the holder's last
// descriptor closes — also when the process dies — so no lock can outlive
// its holder.
#pragma once
#include <napi.h>

namespace schedcost::addon {

// tryLock(path) → { fd } when this process now holds an exclusive lock on
// `path` (created, mode 0666, when absent; the holder's pid, lock time and
// command line are written into it), or { heldBy } with what the holder
// wrote when another open file description holds it. Throws on I/O errors.
Napi::Value TryLock(const Napi::CallbackInfo& info);

// unlock(fd): releases a lock tryLock returned and closes its descriptor.
Napi::Value Unlock(const Napi::CallbackInfo& info);

}  // namespace schedcost::addon
