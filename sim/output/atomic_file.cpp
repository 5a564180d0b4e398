#include "output/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <climits>
#include <csignal>
#include <cstring>

#include "os/errno_text.hpp"
#include "os/file_kind.hpp"
#include "params/errors.hpp"
#include "params/text.hpp"

namespace harmsim {

namespace fs = std::filesystem;

namespace {

// The temporary files being written, for the signal handler, which may only read fixed
// buffers. A slot's path is written before it is marked in use and unmarked before it
// is reused, so the handler never sees half a path.
struct Slot {
  volatile std::sig_atomic_t in_use = 0;
  char path[PATH_MAX] = {};
};
std::array<Slot, 8> pending;

extern "C" void remove_pending_and_reraise(int sig) {
  for (const Slot& s : pending)
    if (s.in_use) ::unlink(s.path);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

int claim_slot(const fs::path& temp) {
  const std::string p = temp.string();
  for (std::size_t i = 0; i < pending.size(); ++i) {
    if (pending[i].in_use) continue;
    if (p.size() >= sizeof pending[i].path) return -1;  // open() fails on it anyway
    std::memcpy(pending[i].path, p.c_str(), p.size() + 1);
    pending[i].in_use = 1;
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_pending_and_reraise);
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

// Removes "<anything>.tmp-<host>-<pid>" in `folder` whose process is gone (kill(pid, 0)
// says no such process), if it is a regular file of ours.
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
    if (::lstat(it->path().c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid())
      ::unlink(it->path().c_str());
  }
}

}  // namespace

AtomicFile::AtomicFile(const fs::path& destination, const std::string& option)
    : shown_(text::excerpt(destination.string(), 200)) {
  const auto refuse = [&](const std::string& why) { return UsageError(option + " " + shown_ + ": " + why + "."); };
  if (destination.empty() || !destination.has_filename())
    throw refuse("not a file name (it ends in a folder separator)");

  // Follow symbolic links to the file they name, at most as deep as the kernel would.
  destination_ = destination;
  struct stat st {};
  bool exists = false;
  for (int hops = 0;; ++hops) {
    if (::lstat(destination_.c_str(), &st) != 0) {
      if (errno != ENOENT) throw refuse(os::errno_text(errno));
      break;
    }
    if (!S_ISLNK(st.st_mode)) {
      exists = true;
      break;
    }
    if (hops == 40) throw refuse(os::errno_text(ELOOP));
    std::error_code ec;
    const fs::path target = fs::read_symlink(destination_, ec);
    if (ec) throw refuse(os::errno_text(ec.value()));
    destination_ = target.is_absolute() ? target : destination_.parent_path() / target;
  }
  if (exists && !S_ISREG(st.st_mode))
    throw refuse(std::string("it is ") + os::file_kind(st.st_mode) + "; harmsim replaces only regular files");

  const fs::path folder = destination_.parent_path().empty() ? fs::path(".") : destination_.parent_path();
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw refuse("cannot create the folder " + text::excerpt(folder.string(), 200) + ": " + os::errno_text(ec.value()));
  const std::string host = host_name();
  remove_stale_temporaries(folder, host);

  temp_ = destination_;
  temp_ += ".tmp-" + host + "-" + std::to_string(::getpid());
  slot_ = claim_slot(temp_);
  const mode_t mode = exists ? st.st_mode & 07777 : 0666;
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) {
    const int error = errno;
    release_slot(slot_);
    if (error == EEXIST) throw refuse("this process already writes that file under another option");
    throw refuse("cannot create a file there: " + os::errno_text(error));
  }
  // The old file's permission bits exactly, whatever the umask.
  const bool moded = !exists || ::fchmod(fd, mode) == 0;
  const int error = errno;
  ::close(fd);
  if (!moded) {
    ::unlink(temp_.c_str());
    release_slot(slot_);
    throw refuse("cannot keep the file's permissions: " + os::errno_text(error));
  }
}

AtomicFile::~AtomicFile() {
  if (!committed_) ::unlink(temp_.c_str());
  release_slot(slot_);
}

OutputError AtomicFile::failure(int error) const {
  return OutputError(os::errno_text(error) + " writing " + shown_);
}

void AtomicFile::write(std::string_view bytes) {
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) throw failure(errno);
  int error = 0;
  while (!bytes.empty() && error == 0) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno != EINTR) error = errno;
    if (n > 0) bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) throw failure(error);
}

void AtomicFile::commit() {
  // 1. The contents reach the disk before the name does.
  const int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw failure(errno);
  const bool synced = ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  if (!synced) throw failure(error);
  // 2. The complete file takes the destination's name in one step.
  if (::rename(temp_.c_str(), destination_.c_str()) != 0) throw failure(errno);
  committed_ = true;
  release_slot(slot_);
  // 3. The new name itself reaches the disk. Some filesystems cannot sync a folder
  // (EINVAL); the file is in place either way.
  const fs::path folder = destination_.parent_path().empty() ? fs::path(".") : destination_.parent_path();
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) throw failure(errno);
  const bool dir_synced = ::fsync(dir) == 0 || errno == EINVAL;
  const int dir_error = errno;
  ::close(dir);
  if (!dir_synced) throw failure(dir_error);
}

}  // namespace harmsim
