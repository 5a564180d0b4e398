// A progress bar on standard error, shown only when it is a terminal.
#pragma once

#include <cstdint>
#include <string>

namespace harmsim::cli {

class ProgressBar {
 public:
  ProgressBar(std::int64_t total_steps, bool enabled);
  ~ProgressBar();
  void advance();
  void set_label(std::string label) { label_ = std::move(label); }
  // Erases the bar, so a message can take its line; the next step draws it again.
  void clear();

 private:
  void draw();
  std::int64_t total_, done_ = 0;
  int shown_percent_ = -1;
  bool enabled_;
  std::string label_;
};

}  // namespace harmsim::cli
