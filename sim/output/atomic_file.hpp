// A file that appears whole or not at all: results are written under a temporary name
// beside the destination, and commit() makes the temporary file durable (fsync),
// renames it over the destination, and makes the rename durable (fsync of the
// folder). So neither a failure nor a power cut leaves a partial or empty file where a
// good one stood. SIGINT, SIGTERM and SIGHUP remove the temporary file before the
// process ends.
//
// Destinations: an existing regular file is replaced and its permission bits are kept;
// a symbolic link is followed, and the file it points to is replaced while the link
// stays; anything else that exists (directory, device, named pipe, socket) is refused.
//
// Temporary names are "<destination>.tmp-<host>-<pid>". A process killed outright
// (SIGKILL, power cut) cannot remove its own, so every AtomicFile first removes those
// in its folder that belong to processes of this host that no longer run. Nothing
// else matches that pattern: work meant to survive a kill keeps its own names.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace harmsim {

// A failure while writing (no space left, an I/O error, a file size limit): the
// destination is untouched and the temporary file removed. Exit status 1.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class AtomicFile {
 public:
  // Checks the destination (named by `option`, e.g. "--output", in messages) and
  // creates the empty temporary file. A destination that cannot be used is bad input:
  // UsageError naming the option, the path and the reason.
  AtomicFile(const std::filesystem::path& destination, const std::string& option);
  ~AtomicFile();  // removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Where the contents go until commit().
  const std::filesystem::path& temp_path() const { return temp_; }
  // The destination as given, for messages.
  const std::string& shown() const { return shown_; }

  // Replaces the temporary file's contents with `bytes`. Throws OutputError.
  void write(std::string_view bytes);
  // Makes the temporary file the destination. Throws OutputError.
  void commit();

  // An OutputError saying that `error` (an errno value) struck while writing.
  OutputError failure(int error) const;

 private:
  std::string shown_;
  std::filesystem::path destination_;  // symbolic links followed
  std::filesystem::path temp_;
  int slot_ = -1;  // in the table the signal handler reads
  bool committed_ = false;
};

}  // namespace harmsim
