#include "support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <sstream>

#include "model/model.hpp"

namespace harmsim::test {

const ParameterTable& table() {
  return Model::parameters();
}

Scenario scenario(const Settings& settings) {
  Scenario s(table());
  for (const auto& [key, value] : settings) s.set(key, value, "test", "test: ");
  return s;
}

Scenario small_community(int adults, double years, int replicates, const Settings& extra) {
  Settings settings = {{"population.adults", std::to_string(adults)},
                       {"run.years", std::to_string(years)},
                       {"run.replicates", std::to_string(replicates)},
                       {"run.burn_in_years", "1"},
                       // The slots of the dead released after every step with a death, so
                       // every test of a run also tests that releasing them changes nothing.
                       {"run.compact_dead_share", "0"}};
  settings.insert(settings.end(), extra.begin(), extra.end());
  return scenario(settings);
}

Recorded run_recorded(const Scenario& s, std::size_t grain) {
  Recorded recorded;
  recorded.arm = run_arm(s, grain, {}, [&](std::size_t, const Outcomes& outcomes) {
    auto& series = recorded.series.emplace_back();
    for (std::size_t o = 0; o < outcomes.specs().size(); ++o) series.push_back(outcomes.series(o));
  });
  return recorded;
}

std::vector<double> totals(const ArmResult& arm, const std::string& outcome) {
  const std::size_t o = arm.outcome_index(outcome);
  std::vector<double> out;
  for (std::size_t r = 0; r < arm.replicates(); ++r) out.push_back(arm.total(r, o));
  return out;
}

double sum_of(const ArmResult& arm, const std::string& outcome) {
  const auto t = totals(arm, outcome);
  return std::accumulate(t.begin(), t.end(), 0.0);
}

Settings injecting_cohort(const Settings& extra) {
  Settings settings = {{"population.age_max", "70"},
                       {"demography.replace", "injecting"},
                       {"opioid_use.share_injecting_initial", "1"},
                       {"opioid_use.share_noninjecting_initial", "0"},
                       {"opioid_use.share_former_injecting_initial", "0"},
                       {"opioid_use.share_former_noninjecting_initial", "0"},
                       {"opioid_use.age_max_initial", "70"},
                       {"opioid_use.rate_initiation", "0"}};
  settings.insert(settings.end(), extra.begin(), extra.end());
  return settings;
}

Settings closed_use(Use route, double share) {
  const bool injecting = route == Use::injecting;
  return {{"opioid_use.share_injecting_initial", injecting ? std::to_string(share) : "0"},
          {"opioid_use.share_noninjecting_initial", injecting ? "0" : std::to_string(share)},
          {"opioid_use.share_former_injecting_initial", "0"},
          {"opioid_use.share_former_noninjecting_initial", "0"},
          {"opioid_use.rate_initiation", "0"},
          {"opioid_use.rate_injection_initiation", "0"},
          {"opioid_use.rate_cessation_injecting", "0"},
          {"opioid_use.rate_cessation_noninjecting", "0"},
          {"demography.rate_excess_death_injecting", "0"},
          {"demography.rate_excess_death_noninjecting", "0"},
          {"naloxone.kits_per_100k_per_year", "0"}};
}

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / v.size();
}

double standard_deviation(const std::vector<double>& v) {
  const double m = mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / (v.size() - 1));
}

std::vector<double> paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (std::size_t r = 0; r < a.size(); ++r) d.push_back(a[r] - b[r]);
  return d;
}

void check_never_raised_and_lowered(const std::vector<std::vector<double>>& by_level) {
  const auto se = [](const std::vector<double>& d) { return standard_deviation(d) / std::sqrt(d.size()); };
  for (std::size_t k = 1; k < by_level.size(); ++k) {
    const auto rise = paired_difference(by_level[k], by_level[k - 1]);
    INFO("level " << k << ": mean change " << mean(rise) << " (se " << se(rise) << ")");
    CHECK(mean(rise) <= 4 * se(rise));
  }
  const auto fall = paired_difference(by_level.front(), by_level.back());
  INFO("first minus last level: " << mean(fall) << " (se " << se(fall) << ")");
  CHECK(mean(fall) > 4 * se(fall));
}

Invocation invoke(const std::string& args, const Launch& launch) {
  TempDir dir;
  const auto err = dir.path() / "stderr";
  const std::string command = launch.limits + " exec " + launch.wrapper + " " + std::string(HARMSIM_BINARY) + " " +
                              args + " 2>'" + err.string() + "'";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  Invocation r;
  std::array<char, 4096> buf{};
  for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0;) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_file(err);
  r.output = r.out + r.err;
  return r;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void check_binomial(double k, double n, double p) {
  INFO(k << " of " << n << "; expected " << p * n << " (p = " << p << ")");
  CHECK(std::abs(k - p * n) < 4 * std::sqrt(n * p * (1 - p)));
}

void check_exit_probability(const StateExits& observed, double p) {
  INFO("mean stay " << observed.weeks / observed.exits << " weeks against " << 1 / p);
  REQUIRE(observed.exits > 300);
  check_binomial(observed.exits, observed.weeks, p);
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("harmsim-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& text) const {
  const auto p = path_ / name;
  std::ofstream(p) << text;
  return p;
}

}  // namespace harmsim::test
