#include "output/temp_file.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace harmsim {

namespace {
// The one piece of process-wide state: a signal handler may only read a fixed buffer.
// It names the temporary file being written (one at a time), or is empty.
char pending_path[4096] = {};

extern "C" void remove_pending_and_reraise(int sig) {
  if (pending_path[0] != '\0') ::unlink(pending_path);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}
}  // namespace

TempFile::TempFile(std::filesystem::path destination) : destination_(std::move(destination)) {
  const auto dir = destination_.parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  temp_ = destination_;
  temp_ += ".tmp-" + std::to_string(::getpid());
  const std::string p = temp_.string();
  if (p.size() >= sizeof pending_path) throw std::runtime_error("output path too long: " + p);
  std::memcpy(pending_path, p.c_str(), p.size() + 1);
  std::signal(SIGINT, remove_pending_and_reraise);
  std::signal(SIGTERM, remove_pending_and_reraise);
}

TempFile::~TempFile() {
  pending_path[0] = '\0';
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void TempFile::commit() {
  std::filesystem::rename(temp_, destination_);
  committed_ = true;
  pending_path[0] = '\0';
}

void write_text_atomically(const std::filesystem::path& destination, const std::string& text) {
  TempFile file(destination);
  {
    std::ofstream out(file.path(), std::ios::binary);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + file.path().string());
  }
  file.commit();
}

}  // namespace harmsim
