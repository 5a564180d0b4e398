#include "output/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <climits>
#include <csignal>
#include <cstring>
#include <functional>

#include "os/errno_text.hpp"
#include "os/file_kind.hpp"
#include "params/errors.hpp"
#include "params/text.hpp"

namespace harmsim {

namespace fs = std::filesystem;

namespace {

// The temporary files being written, for the signal handler, which may only read fixed
// buffers. A slot's path is complete before the slot is marked in use, and the slot is
// unmarked before it is reused, so the handler never sees half a path.
struct Slot {
  volatile std::sig_atomic_t in_use = 0;
  char path[PATH_MAX] = {};
};
std::array<Slot, 8> pending;

extern "C" void remove_pending_and_reraise(int sig) {
  for (const Slot& s : pending)
    if (s.in_use) ::unlink(s.path);
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  ::sigaction(sig, &fallback, nullptr);
  ::raise(sig);
}

// Installs the handler for the signals that end a process, except those it was started
// with ignored (nohup ignores SIGHUP; a shell's background job, SIGINT).
void handle_signals() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGABRT}) {
    struct sigaction current {};
    if (::sigaction(sig, nullptr, &current) != 0 || current.sa_handler == SIG_IGN) continue;
    struct sigaction handler {};
    handler.sa_handler = remove_pending_and_reraise;
    sigemptyset(&handler.sa_mask);
    ::sigaction(sig, &handler, nullptr);
  }
}

int claim_slot(const fs::path& temp) {
  const std::string p = temp.string();
  for (std::size_t i = 0; i < pending.size(); ++i) {
    if (pending[i].in_use) continue;
    if (p.size() >= sizeof pending[i].path) return -1;  // open() refuses such a path anyway
    std::memcpy(pending[i].path, p.c_str(), p.size() + 1);
    std::atomic_signal_fence(std::memory_order_release);
    pending[i].in_use = 1;
    handle_signals();
    return static_cast<int>(i);
  }
  throw std::logic_error("more temporary files open at once than the signal handler can track");
}

void release_slot(int slot) {
  if (slot >= 0) pending[static_cast<std::size_t>(slot)].in_use = 0;
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

// A lock of `type` on the whole file. Taken as an open file description lock (Linux OFD
// lock), it is held until that description is closed, and released however the
// process dies.
struct flock whole_file(short type) {
  struct flock lock {};
  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  return lock;
}

bool locked_by_someone(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return true;  // cannot tell: leave it
  struct flock probe = whole_file(F_WRLCK);
  const bool free = ::fcntl(fd, F_OFD_GETLK, &probe) == 0 && probe.l_type == F_UNLCK;
  ::close(fd);
  return !free;
}

// Removes "<anything>.tmp-<host>-<pid>" in `folder` whose process no longer runs here
// and which no process holds locked, if it is a regular file of this user.
void remove_stale_temporaries(const fs::path& folder, const std::string& host) {
  const std::string marker = ".tmp-" + host + "-";
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const auto at = name.rfind(marker);
    if (at == std::string::npos) continue;
    const std::string_view digits = std::string_view(name).substr(at + marker.size());
    pid_t pid = 0;
    const auto [last, bad] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (bad != std::errc{} || last != digits.data() + digits.size() || pid <= 0) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    if (!locked_by_someone(it->path())) ::unlink(it->path().c_str());
  }
}

fs::path folder_of(const fs::path& file) {
  return file.parent_path().empty() ? fs::path(".") : file.parent_path();
}

// "<name>.tmp-<host>-<pid>", the name cut short (and told apart by a hash) if the whole
// would pass the usual limit of 255 bytes for a file name.
fs::path temporary_name(const fs::path& destination, const std::string& host) {
  const std::string suffix = ".tmp-" + host + "-" + std::to_string(::getpid());
  std::string name = destination.filename().string();
  constexpr std::size_t kNameMax = 255, kHashed = 17;
  if (name.size() + suffix.size() > kNameMax) {
    char hash[kHashed + 1];
    std::snprintf(hash, sizeof hash, "~%016zx", std::hash<std::string>{}(name));
    name = name.substr(0, kNameMax - suffix.size() - kHashed) + hash;
  }
  return destination.parent_path() / (name + suffix);
}

}  // namespace

fs::path AtomicFile::resolve(const fs::path& destination, const std::string& option) {
  const auto refuse = [&](const std::string& why) {
    return UsageError(option + " " + text::excerpt(destination.string(), 200) + ": " + why + ".");
  };
  if (destination.empty() || !destination.has_filename())
    throw refuse("not a file name (it ends in a folder separator)");
  // Follow symbolic links to the file they name, at most as deep as the kernel would.
  fs::path resolved = destination;
  for (int hops = 0;; ++hops) {
    struct stat st {};
    if (::lstat(resolved.c_str(), &st) != 0) {
      if (errno != ENOENT) throw refuse(os::errno_text(errno));
      return resolved;  // a new file
    }
    if (S_ISREG(st.st_mode)) return resolved;
    if (!S_ISLNK(st.st_mode))
      throw refuse(std::string("it is ") + os::file_kind(st.st_mode) + "; harmsim replaces only regular files");
    if (hops == 40) throw refuse(os::errno_text(ELOOP));
    std::error_code ec;
    const fs::path target = fs::read_symlink(resolved, ec);
    if (ec) throw refuse(os::errno_text(ec.value()));
    resolved = target.is_absolute() ? target : resolved.parent_path() / target;
  }
}

AtomicFile::AtomicFile(const fs::path& destination, const std::string& option)
    : shown_(text::excerpt(destination.string(), 200)), destination_(resolve(destination, option)) {
  const auto refuse = [&](const std::string& why) { return UsageError(option + " " + shown_ + ": " + why + "."); };
  struct stat st {};
  if (::stat(destination_.c_str(), &st) == 0) mode_ = static_cast<int>(st.st_mode & 07777);

  const fs::path folder = folder_of(destination_);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw refuse("cannot create the folder " + text::excerpt(folder.string(), 200) + ": " + os::errno_text(ec.value()));
  const std::string host = host_name();
  remove_stale_temporaries(folder, host);

  // Private until commit, whatever the destination's mode: a read-only destination must
  // not make the temporary file unwritable; commit() gives it the old mode.
  temp_ = temporary_name(destination_, host);
  slot_ = claim_slot(temp_);
  fd_ = ::open(temp_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    const int error = errno;
    release_slot(slot_);
    if (error == EEXIST) throw refuse("this process already writes that file under another option");
    throw refuse("cannot create a file there: " + os::errno_text(error));
  }
  struct flock lock = whole_file(F_WRLCK);
  ::fcntl(fd_, F_OFD_SETLK, &lock);  // best effort: a filesystem without locks still has the pid check
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_.c_str());
  release_slot(slot_);
}

OutputError AtomicFile::failure(int error) const {
  return OutputError(os::errno_text(error) + " writing " + shown_ + " (any file already there is unchanged)");
}

void AtomicFile::write(std::string_view bytes) {
  if (::ftruncate(fd_, 0) != 0) throw failure(errno);
  for (off_t offset = 0; !bytes.empty();) {
    const ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw failure(errno);
    bytes.remove_prefix(static_cast<std::size_t>(n));
    offset += n;
  }
}

void AtomicFile::discard() {
  [[maybe_unused]] const int freed = ::ftruncate(fd_, 0);
}

void AtomicFile::commit() {
  // 1. The contents, with the old file's permission bits, reach the disk before the name.
  if (mode_ >= 0 && ::fchmod(fd_, static_cast<mode_t>(mode_)) != 0) throw failure(errno);
  if (::fsync(fd_) != 0) throw failure(errno);
  const int closed = ::close(fd_);  // NFS reports deferred write errors here
  fd_ = -1;
  if (closed != 0) throw failure(errno);
  // 2. The complete file takes the destination's name in one step.
  if (::rename(temp_.c_str(), destination_.c_str()) != 0) throw failure(errno);
  committed_ = true;
  release_slot(slot_);
  // 3. The new name itself reaches the disk. Some filesystems cannot sync a folder
  // (EINVAL); the file is in place either way.
  const int dir = ::open(folder_of(destination_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool synced = dir >= 0 && (::fsync(dir) == 0 || errno == EINVAL);
  const int error = errno;
  if (dir >= 0) ::close(dir);
  if (!synced)
    throw OutputError(os::errno_text(error) + " syncing the folder of " + shown_ +
                      " (the new file is in place, but a power cut could still undo the replacement)");
}

}  // namespace harmsim
