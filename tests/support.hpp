// Helpers shared by the tests: scenarios built from defaults plus overrides, runs of
// small communities, and temporary directories.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/runner.hpp"
#include "params/scenario.hpp"

namespace harmsim::test {

using Settings = std::vector<std::pair<std::string, std::string>>;

const ParameterTable& table();

// The declared defaults with `settings` applied (key, value text).
Scenario scenario(const Settings& settings);

// A small community (adults, years, replicates) with extra settings on top.
Scenario small_community(int adults, double years, int replicates, const Settings& extra = {});

// Per-replicate totals of an outcome (flows summed, stocks at the end).
std::vector<double> totals(const ArmResult& arm, const std::string& outcome);

double mean(const std::vector<double>& v);
double standard_deviation(const std::vector<double>& v);

// A fresh directory under the system temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

}  // namespace harmsim::test
