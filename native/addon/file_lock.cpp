// flock(2) for Node, which has none. The lock files live in a directory every
// user may write (/run/schedcost, mode 01777), so opening them is careful: no
// symlinks followed, no FIFO or device opened, no hard-linked file truncated.
#include "file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

namespace schedcost::addon {
namespace {

// Descriptors of the locks this process holds: unlock() closes only these.
std::set<int> heldFds;

constexpr size_t kMaxHolderText = 4096;
constexpr size_t kMaxCommandLine = 1024;

Napi::Error errnoError(Napi::Env env, const std::string& what, const std::string& path, int err) {
  Napi::Error error = Napi::Error::New(env, what + " " + path + ": " + std::strerror(err));
  error.Set("errno", Napi::Number::New(env, err));
  return error;
}

// Opens the lock file read-write (read-only when another user's file is not
// writable for us: flock needs no write access), creating it when absent.
// Without O_CREAT on an existing file, a sticky directory's protected_regular
// rule does not refuse another user's file.
int openLockFile(Napi::Env env, const std::string& path, bool& writable) {
  constexpr int kFlags = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  for (int attempt = 0; attempt < 4; ++attempt) {
    int fd = open(path.c_str(), O_RDWR | kFlags);
    writable = fd >= 0;
    if (fd < 0 && errno == EACCES) fd = open(path.c_str(), O_RDONLY | kFlags);
    if (fd >= 0) return fd;
    if (errno != ENOENT) throw errnoError(env, "cannot open lock file", path, errno);
    fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | kFlags, 0666);
    if (fd >= 0) {
      fchmod(fd, 0666);  // past the umask: other users lock the same file
      writable = true;
      return fd;
    }
    if (errno != EEXIST) throw errnoError(env, "cannot create lock file", path, errno);
  }
  throw Napi::Error::New(env, "cannot open lock file " + path + ": it keeps appearing and vanishing");
}

std::string readAll(int fd) {
  std::string text(kMaxHolderText, '\0');
  ssize_t n;
  do n = pread(fd, text.data(), text.size(), 0);
  while (n < 0 && errno == EINTR);
  text.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return text;
}

std::string commandLine() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && text.back() == '\0') text.pop_back();
  for (char& c : text)
    if (c == '\0' || c == '\n' || c == '\r') c = ' ';
  if (text.size() > kMaxCommandLine) text = text.substr(0, kMaxCommandLine) + "...";
  return text;
}

std::string utcNow() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  tm parts{};
  gmtime_r(&now.tv_sec, &parts);
  char text[32];
  strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// What a process refused the lock reads: one key=value per line.
void writeHolder(int fd) {
  std::string text = "pid=" + std::to_string(getpid()) + "\nsince=" + utcNow() + "\ncmd=" + commandLine() + "\n";
  if (ftruncate(fd, 0) != 0) return;  // the lock holds regardless; only the message is lost
  [[maybe_unused]] ssize_t written = pwrite(fd, text.data(), text.size(), 0);
}

}  // namespace

Napi::Value TryLock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "tryLock expects a path");
  std::string path = info[0].As<Napi::String>().Utf8Value();
  if (path.empty() || path.find('\0') != std::string::npos) throw Napi::RangeError::New(env, "tryLock: invalid path");
  bool writable = false;
  int fd = openLockFile(env, path, writable);
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
    close(fd);
    throw Napi::Error::New(env, "refusing lock file " + path + ": not a plain file with one link");
  }
  int rc;
  do rc = flock(fd, LOCK_EX | LOCK_NB);
  while (rc != 0 && errno == EINTR);
  Napi::Object result = Napi::Object::New(env);
  if (rc != 0) {
    int err = errno;
    std::string holder = err == EWOULDBLOCK ? readAll(fd) : "";
    close(fd);
    if (err != EWOULDBLOCK) throw errnoError(env, "cannot lock", path, err);
    result.Set("heldBy", Napi::String::New(env, holder));
    return result;
  }
  if (writable) writeHolder(fd);
  heldFds.insert(fd);
  result.Set("fd", Napi::Number::New(env, fd));
  return result;
}

Napi::Value Unlock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsNumber()) throw Napi::TypeError::New(env, "unlock expects a descriptor from tryLock");
  double value = info[0].As<Napi::Number>().DoubleValue();
  int fd = static_cast<int>(value);
  if (static_cast<double>(fd) != value || heldFds.count(fd) == 0)
    throw Napi::RangeError::New(env, "unlock: not a lock this process holds");
  heldFds.erase(fd);
  // Emptied while still held: a process refused later reads no former holder
  // (a read-only descriptor cannot empty it; the next holder rewrites it).
  [[maybe_unused]] int emptied = ftruncate(fd, 0);
  flock(fd, LOCK_UN);
  close(fd);
  return env.Undefined();
}

}  // namespace schedcost::addon
