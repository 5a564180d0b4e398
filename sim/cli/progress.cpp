#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace harmsim::cli {

ProgressBar::ProgressBar(std::int64_t total_steps, bool enabled)
    : total_(total_steps > 0 ? total_steps : 1), enabled_(enabled && ::isatty(STDERR_FILENO)) {}

ProgressBar::~ProgressBar() {
  clear();
}

void ProgressBar::clear() {
  if (enabled_ && shown_percent_ >= 0) std::fputs("\r\033[K", stderr);
  shown_percent_ = -1;
}

void ProgressBar::advance() {
  ++done_;
  if (enabled_ && static_cast<int>(100 * done_ / total_) != shown_percent_) draw();
}

void ProgressBar::draw() {
  shown_percent_ = static_cast<int>(100 * done_ / total_);
  constexpr int width = 30;
  const int filled = shown_percent_ * width / 100;
  std::fprintf(stderr, "\r[%.*s%*s] %3d%% %s", filled, "##############################", width - filled, "",
               shown_percent_, label_.c_str());
  std::fflush(stderr);
}

}  // namespace harmsim::cli
