// A file that appears whole or not at all: results are written under a temporary name
// beside the destination, and commit() makes the temporary file durable (fsync),
// renames it over the destination, and makes the rename durable (fsync of the
// folder). So neither a failure nor a power cut leaves a partial or empty file where a
// good one stood. SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGABRT remove the temporary
// file before the process ends (a signal the process was started with ignored, as by
// nohup, stays ignored).
//
// Destinations: an existing regular file is replaced and its permission bits are kept
// (read-only too: the new file gets them at commit); a symbolic link is followed, and
// the file it points to is replaced while the link stays; anything else that exists
// (directory, device, named pipe, socket) is refused.
//
// Temporary names are "<destination>.tmp-<host>-<pid>" (the destination's name cut
// short if the whole would be too long for the filesystem). Each is locked while its
// process writes it. A process killed outright (SIGKILL, power cut) cannot remove its
// own, so every AtomicFile first removes those in its folder that belong to this host,
// to a process that no longer runs here, and that no process holds locked (the lock
// also protects a live writer in another PID namespace on a shared folder). Nothing
// else matches that pattern: work meant to survive a kill keeps its own names.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace harmsim {

// A failure while writing (no space left, an I/O error, a file size limit). Exit
// status 1.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class AtomicFile {
 public:
  // Where a file given as `destination` goes, symbolic links followed. Changes
  // nothing; a destination that cannot be used is bad input: UsageError naming
  // `option` (e.g. "--output"), the path and the reason.
  static std::filesystem::path resolve(const std::filesystem::path& destination, const std::string& option);

  // Resolves the destination, creates its folder if needed and the empty temporary file.
  AtomicFile(const std::filesystem::path& destination, const std::string& option);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Where the contents go until commit().
  const std::filesystem::path& temp_path() const { return temp_; }
  // The destination as given, for messages.
  const std::string& shown() const { return shown_; }
  bool committed() const { return committed_; }

  // Replaces the temporary file's contents with `bytes`. Throws OutputError.
  void write(std::string_view bytes);
  // Empties the temporary file at once, freeing its disk space, when its contents are
  // abandoned; it is removed when the AtomicFile goes.
  void discard();
  // Makes the temporary file the destination. Throws OutputError; the destination is
  // then untouched unless the message says that only the folder's sync failed.
  void commit();

  // "no space left on device writing results/x.h5 (results/x.h5 is unchanged)": the
  // OutputError for `error` (an errno value) striking while this file is written.
  OutputError failure(int error) const;

 private:
  std::string shown_;
  std::filesystem::path destination_;  // symbolic links followed
  std::filesystem::path temp_;
  int fd_ = -1;    // the temporary file, open and locked for this object's life
  int mode_ = -1;  // the replaced file's permission bits, or -1 for a new file
  int slot_ = -1;  // in the table the signal handler reads
  bool committed_ = false;
};

}  // namespace harmsim
