// The command line as users meet it: exit statuses, one-paragraph messages, and an
// existing result file left untouched by any bad input.
#include <catch2/catch.hpp>
#include <sstream>

#include "support.hpp"

using harmsim::test::Invocation;
using harmsim::test::invoke;
using harmsim::test::read_file;
using harmsim::test::TempDir;

namespace {

// A quick valid scenario for the error-path tests.
const char* kSmall =
    "name = Small\n[population]\nadults = 500\n[run]\nyears = 0.1\nreplicates = 1\nburn_in_years = 0\n";

}  // namespace

TEST_CASE("bad input exits with status 2, a one-paragraph message, and leaves the old result file untouched") {
  TempDir dir;
  const auto good = dir.write("good.ini", kSmall);
  const auto out = dir.write("precious.h5", "a result someone needs");
  const std::string o = " -o " + out.string();
  struct Case {
    std::string args, expect;
  };
  const std::vector<Case> cases = {
      {"run " + dir.write("typo.ini", "[naloxone]\nkits_per_100k_per_yer = 5\n").string(), "nearest valid keys"},
      {"run " + dir.write("text.ini", "[ssp]\ncoverage = high\n").string(), "'high' is not a number"},
      {"run " + dir.write("range.ini", "[ssp]\ncoverage = -0.1\n").string(), "allowed 0 to 1"},
      {"run " + dir.write("switch.ini", "[ssp]\nenabled = maybe\n").string(),
       "switch.ini:2: ssp.enabled = maybe is not a switch: write true or false"},
      {"compare " + good.string() + " " + good.string() + " --set naloxone.enabled=1",
       "--set naloxone.enabled = 1 is not a switch"},
      {"run " + (dir.path() / "missing.ini").string(), "no such file"},
      {"run " + dir.write("loop.ini", "base = loop.ini\n").string(), "inheritance loop"},
      {"run " + dir.write("section.ini", "[ssp\n").string(), "malformed section header"},
      {"run " + dir.write("huge.ini", "[population]\nadults = 99999999999\n").string(), "allowed 100 to 20000000"},
      {"run " + good.string() + " --threads -3", "--threads -3: expected a whole number from 1"},
      {"run " + good.string() + " --replicates -3", "run.replicates = -3 is out of range"},
      {"run " + good.string() + " --seed abc", "'abc' is not a number"},
      {"run " + good.string() + " --years 0", "run.years = 0 is out of range"},
      {"run " + good.string() + " --set nonsense", "expected section.key=value"},
      {"run " + good.string() + " --set ssp.reach=0.5", "nearest valid keys"},
      {"run " + good.string() + " --no-such-option", "unrecognised option"},
      {"run " + good.string() +
           " --set opioid_use.share_injecting_initial=0.5 --set opioid_use.share_noninjecting_initial=0.4",
       "lower the shares or raise the age"},
      {"run " + good.string() + " --set naloxone.share_ssp=0.7", "channel shares must sum to at most 1"},
      {"run " + dir.path().string(), "it is a directory, not a scenario file"},
      {"run " + good.string() + " --set ssp.coverage='0.1 @ 0y, 0.5 @ 1e308y'", "lies beyond 1000 years"},
      {"run " + good.string() + " --replicates 1e300", "run.replicates = 1e300 is out of range"},
      {"run " + good.string() + " --seed 9007199254740993", "run.seed = 9007199254740993 is out of range"},
      {"run " + good.string() + " --seed ''", "--seed is empty"},
      {"run " + good.string() + " --replicates ''", "--replicates is empty"},
      {"run " + good.string() + " --years ''", "--years is empty"},
      {"run " + good.string() + " --threads ''", "--threads is empty"},
      {"run " + good.string() + " --csv ''", "--csv is empty"},
      {"run " + good.string() + " --set ''", "--set is empty"},
      {"run " + good.string() + " --grain-size ''", "--grain-size is empty"},
      {"run ''", "a scenario file name is empty"},
      {"run " + good.string() + " --th 2", "unrecognised option '--th'"},
      {"run " + dir.write("nul.ini", std::string("name = A\0B\n", 11)).string(),
       "nul.ini:1: column 9: control character"},
      {"run " + dir.write("base.ini", "# arm\nbase = nowhere.ini\n").string(),
       "base.ini:2: base = nowhere.ini: cannot read"},
      {"run " + dir.write("shares.ini", "[naloxone]\nshare_ssp = 0.9\n").string(), "shares.ini:2: naloxone.share_ssp"},
      {"run " + (dir.path() / std::string(300, 'x')).string() + ".ini", "file name too long"},
      // Services and their delivery: an unknown service, eligibility naming an unknown
      // group or badly formed, a referral to a service switched off or to none.
      {"run " + dir.write("moud.ini", "# treatment\n[moud]\nenabled = true\n").string(),
       "moud.ini:2: unknown section [moud]; nearest valid sections:"},
      {"run " + dir.write("group.ini", "[ssp]\neligible = injecting and not holds_nalxone\n").string(),
       "group.ini:2: ssp.eligible = injecting and not holds_nalxone: column 19: unknown group 'holds_nalxone'; "
       "nearest: holds_naloxone"},
      {"run " + dir.write("syntax.ini", "[naloxone]\n\neligible = (using_opioids or age < 25\n").string(),
       "syntax.ini:3: naloxone.eligible = (using_opioids or age < 25: column 27: expected ')' to close the '(' at "
       "column 1."},
      {"run " +
           dir.write("closed.ini", "[naloxone]\nenabled = false\n[ssp]\nrefer_to = naloxone\np_refer = 0.2\n").string(),
       "closed.ini:4: ssp.refer_to = naloxone: the service naloxone is switched off in this scenario ("},
      {"run " + (dir.path() / "closed.ini").string(),
       "closed.ini:2: naloxone.enabled = false); switch it on, or refer elsewhere."},
      {"run " + good.string() + " --set outreach.enabled=true --set ssp.enabled=false",
       "outreach.refer_to = ssp: the service ssp is switched off in this scenario (--set ssp.enabled=false)"},
      {"run " + dir.write("off_group.ini", "[ssp]\nenabled = false\n[naloxone]\neligible = ssp_clients\n").string(),
       "off_group.ini:4: naloxone.eligible = ssp_clients: column 1: 'ssp_clients' is published by the service ssp, "
       "which is switched off in this scenario."},
      {"run " + good.string() + " --set 'ssp.eligible=injecting #and age < 30'",
       "--set ssp.eligible = injecting #and age < 30: '#' cannot appear in a value"},
      {"run " + good.string() + " --set ssp.p_refer=0.2",
       "--set ssp.p_refer=0.2: ssp.p_refer = 0.2 refers people "
       "to no service"},
      {"compare " + good.string() + " " + good.string() + " --set naloxone.refer_to=ssps --set naloxone.p_refer=1",
       "--set naloxone.refer_to=ssps: no service of that name takes referrals; services that do: naloxone or ssp."},
      {"run " + good.string() + " --set demography.replace=injectin",
       "--set demography.replace=injectin: entrants cannot join a group of that name; groups they can join: "
       "injecting."},
      {"--version extra", "--version takes no arguments"},
      {"--help extra", "--help takes no arguments"},
      {"run", "exactly one scenario file"},
      {"compare " + good.string(), "at least one arm"},
      {"frobnicate", "unknown command"},
  };
  for (const auto& c : cases) {
    INFO(c.args);
    const Invocation r = invoke(c.args + o);
    CHECK(r.status == 2);
    CHECK_THAT(r.output, Catch::Contains(c.expect));
    CHECK(r.output.find("\n") == r.output.size() - 1);  // one paragraph, one line
    CHECK(read_file(out) == "a result someone needs");
  }
}

TEST_CASE("an output path that is a directory is refused before anything runs") {
  TempDir dir;
  const auto good = dir.write("good.ini", kSmall);
  const Invocation r = invoke("run " + good.string() + " -o " + dir.path().string());
  CHECK(r.status == 2);
  CHECK_THAT(r.output, Catch::Contains("is a directory"));
}

TEST_CASE("compare refuses arms whose run settings differ, naming the difference") {
  TempDir dir;
  const auto a = dir.write("a.ini", kSmall);
  const auto b = dir.write("b.ini", "base = a.ini\n[run]\nseed = 7\n");
  const Invocation r = invoke("compare " + a.string() + " " + b.string() + " -o " + (dir.path() / "x.h5").string());
  CHECK(r.status == 2);
  CHECK_THAT(r.output, Catch::Contains("seed 1 vs 7"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "x.h5"));
}

TEST_CASE("run writes the result file, replacing the old one, and prints the summary") {
  TempDir dir;
  // Busy enough that the summary holds numbers other than 0.
  const auto good = dir.write("good.ini",
                              "[population]\nadults = 3000\n[opioid_use]\nshare_injecting_initial = 0.1\n"
                              "[run]\nyears = 1\nreplicates = 3\nburn_in_years = 0\n");
  const auto out = dir.write("result.h5", "old");
  const auto csv = dir.path() / "summary.csv";
  const Invocation r = invoke("run " + good.string() + " --quiet -o " + out.string() + " --csv " + csv.string());
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("overdose_deaths"));
  CHECK_THAT(r.output, Catch::Contains("stochastic variation"));
  CHECK(read_file(out).substr(1, 3) == "HDF");
  CHECK_THAT(read_file(csv), Catch::StartsWith("arm,outcome,units,mean"));
  // Each printed mean is the CSV's, rounded for reading (3 significant digits below 10,
  // one decimal below 1000, whole numbers above).
  std::istringstream rows(read_file(csv));
  std::string row;
  std::getline(rows, row);
  int compared = 0;
  while (std::getline(rows, row)) {
    std::vector<std::string> f;
    std::istringstream cells(row);
    for (std::string cell; std::getline(cells, cell, ',');) f.push_back(cell);
    const auto at = r.out.find("\n" + f[1] + " ");
    REQUIRE(at != std::string::npos);
    std::istringstream printed(r.out.substr(at + f[1].size() + 2));
    double shown = 0;
    printed >> shown;
    const double mean = std::stod(f[3]);
    INFO(f[1] << ": printed " << shown << ", CSV " << mean);
    CHECK(std::abs(shown - mean) <= std::max(0.005 * std::abs(mean), 0.05));
    ++compared;
  }
  CHECK(compared > 15);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    CHECK(entry.path().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("an arm compared with itself averts exactly 0, with the interval [0, 0], in every row") {
  TempDir dir;
  // Busy enough that outcomes vary between replicates, so an unpaired difference would
  // have a wide interval.
  const auto a = dir.write("a.ini",
                           "[population]\nadults = 3000\n[opioid_use]\nshare_injecting_initial = 0.1\n"
                           "[run]\nyears = 1\nburn_in_years = 0\n");
  const auto csv = dir.path() / "self.csv";
  const Invocation r = invoke("compare " + a.string() + " " + a.string() + " --replicates 3 --quiet -o " +
                              (dir.path() / "x.h5").string() + " --csv " + csv.string());
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::istringstream lines(read_file(csv));
  std::string line;
  int rows = 0, varying = 0;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    // arm, outcome, units, mean, ci_low, ci_high, range_low, range_high, averted x 3
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) f.push_back(cell);
    if (f.size() < 11) continue;  // the first arm has no difference
    INFO(line);
    CHECK(f[8] == "0");
    CHECK(f[9] == "0");
    CHECK(f[10] == "0");
    ++rows;
    varying += f[6] != f[7];
  }
  CHECK(rows > 10);
  CHECK(varying > 5);
}

TEST_CASE("check, params, --version and --help succeed and run nothing") {
  TempDir dir;
  const auto good = dir.write("good.ini", kSmall);
  const Invocation check = invoke("check " + good.string() + " --set ssp.coverage=0.7");
  CHECK(check.status == 0);
  CHECK_THAT(check.output, Catch::Contains("coverage = 0.7    # --set"));
  CHECK_THAT(check.output, Catch::Contains("adults = 500    # " + good.string() + ":3"));
  const Invocation bad_check = invoke("check " + good.string() + " --set naloxone.share_ssp=0.7");
  CHECK(bad_check.status == 2);
  CHECK_THAT(bad_check.output, Catch::Contains("channel shares must sum to at most 1"));
  const Invocation params = invoke("params");
  CHECK(params.status == 0);
  CHECK_THAT(params.output, Catch::Contains("hiv.p_per_act = 0.0063"));
  CHECK_THAT(params.output, Catch::Contains("Patel P et al. 2014"));
  const Invocation markdown = invoke("params --markdown");
  CHECK_THAT(markdown.output, Catch::StartsWith("# harmsim parameters"));
  CHECK_THAT(markdown.output, Catch::Contains("| key | default | unit"));
  CHECK_THAT(invoke("--version").output, Catch::StartsWith("harmsim "));
  CHECK(invoke("run --help").status == 0);
}

TEST_CASE("output that cannot be written is a failure, not a silent success") {
  for (const char* command : {"params", "--version", "params --markdown"}) {
    const Invocation r = invoke(std::string(command) + " > /dev/full");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("cannot write standard output: no space left on device"));
  }
}

TEST_CASE("every parameter declares a unit, a range containing its default, a description and a source") {
  for (const auto& p : harmsim::test::table().all()) {
    INFO(p.key);
    CHECK_FALSE(p.unit.empty());
    CHECK_FALSE(p.description.empty());
    CHECK_FALSE(p.source.empty());
    CHECK(p.min <= p.default_value);
    CHECK(p.default_value <= p.max);
  }
}

TEST_CASE("echoed input is cut short and its control bytes escaped, whatever the file holds") {
  TempDir dir;
  const auto long_line = dir.write("long.ini", "[ssp]\n" + std::string(1 << 20, 'k') + " = 1\n");
  const Invocation r = invoke("run " + long_line.string());
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("bytes in all"));
  CHECK(r.err.size() < 1000);
  std::string junk = "[ssp]\n";
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 37 + 11) % 256);
  for (const auto& bytes : {junk, std::string("name = \x1b]0;pwned\x07\r\n")}) {
    const Invocation b = invoke("run " + dir.write("junk.ini", bytes).string());
    CHECK(b.status == 2);
    CHECK(b.err.size() < 1000);
    for (std::size_t i = 0; i + 1 < b.err.size(); ++i) CHECK(static_cast<unsigned char>(b.err[i]) >= 0x20);
  }
}

TEST_CASE("symbolic link loops, as the scenario or as its base, are bad input naming the file") {
  TempDir dir;
  std::filesystem::create_symlink("b.ini", dir.path() / "a.ini");
  std::filesystem::create_symlink("a.ini", dir.path() / "b.ini");
  const Invocation direct = invoke("run " + (dir.path() / "a.ini").string());
  CHECK(direct.status == 2);
  CHECK_THAT(direct.err, Catch::Contains("a.ini: cannot read this scenario file: too many levels of symbolic links"));
  const auto arm = dir.write("arm.ini", "base = a.ini\n");
  const Invocation based = invoke("run " + arm.string());
  CHECK(based.status == 2);
  CHECK_THAT(based.err, Catch::Contains("arm.ini:1: base = a.ini: cannot read"));
  CHECK_THAT(based.err, Catch::Contains("too many levels of symbolic links"));
}

TEST_CASE("a deep base chain is refused after 64 files, with a clear message and no crash") {
  TempDir dir;
  const auto name = [](int i) { return std::string("c").append(std::to_string(i)).append(".ini"); };
  for (int i = 0; i < 6000; ++i) dir.write(name(i), "base = " + name(i + 1) + "\n");
  const Invocation r = invoke("check " + (dir.path() / "c0.ini").string());
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("c63.ini:1: base = c64.ini: the base chain is deeper than 64 files"));
}
