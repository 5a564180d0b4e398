// A result file is written under a temporary name beside its destination and renamed
// over it only when complete, so a partial file never stands where a good one stood.
// While a TempFile is open, SIGINT and SIGTERM remove it before the process ends.
#pragma once

#include <filesystem>
#include <string>

namespace harmsim {

class TempFile {
 public:
  explicit TempFile(std::filesystem::path destination);
  ~TempFile();  // removes the temporary file unless committed
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::filesystem::path& path() const { return temp_; }
  // Renames the temporary file onto the destination.
  void commit();

 private:
  std::filesystem::path destination_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

// Writes `text` to `destination` atomically.
void write_text_atomically(const std::filesystem::path& destination, const std::string& text);

}  // namespace harmsim
