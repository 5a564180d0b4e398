// Scenario files: parsing, inheritance precedence, and every error a user can make.
#include <catch2/catch.hpp>

#include "params/errors.hpp"
#include "params/text.hpp"
#include "run/runner.hpp"
#include "support.hpp"

using namespace harmsim;
using harmsim::test::table;
using harmsim::test::TempDir;

namespace {
std::string error_of(const std::filesystem::path& file, const std::vector<Override>& overrides = {}) {
  try {
    Scenario::load(file, table(), overrides);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

// A chain of n files in memory: f0.ini names f1.ini as its base, and so on.
MemoryFiles chain_of(std::size_t n) {
  MemoryFiles files;
  for (std::size_t i = 0; i < n; ++i)
    files.add("/chain/f" + std::to_string(i) + ".ini",
              i + 1 < n ? "base = f" + std::to_string(i + 1) + ".ini\n" : "[ssp]\ncoverage = 0.3\n");
  return files;
}

std::string chain_error(std::size_t n) {
  try {
    Scenario::load("/chain/f0.ini", table(), {}, chain_of(n));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("precedence: defaults < base chain (deepest first) < the file < command line") {
  TempDir dir;
  dir.write("root.ini",
            "name = Root\n[naloxone]\nkits_per_100k_per_year = 100\nrate_kit_loss = 0.5\n[ssp]\ncoverage = 0.2\n");
  dir.write("middle.ini", "base = root.ini\n[naloxone]\nkits_per_100k_per_year = 200\n[ssp]\ncoverage = 0.3\n");
  const auto leaf = dir.write("leaf.ini", "base = middle.ini\n[ssp]\ncoverage = 0.4\n");
  const Scenario s = Scenario::load(leaf, table(), {{"ssp.coverage", "0.9", "--set"}});
  CHECK(s.value("naloxone.rate_kit_loss") == 0.5);           // from the deepest base
  CHECK(s.value("naloxone.kits_per_100k_per_year") == 200);  // the nearer base wins
  CHECK(s.value("ssp.coverage") == 0.9);                     // the command line wins over the file
  CHECK(s.value("hiv.p_per_act") == 0.0063);                 // untouched: the default
  CHECK(s.origin("ssp.coverage") == "--set");
  CHECK(s.origin("naloxone.kits_per_100k_per_year") == (dir.path() / "middle.ini").string() + ":3");
  CHECK(s.origin("hiv.p_per_act") == "default");
  CHECK(s.name() == "leaf");  // the name is not inherited: the file stem stands in
}

TEST_CASE("the file's own value beats its base, and bases resolve relative to the naming file") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "sub");
  dir.write("base.ini", "[ssp]\ncoverage = 0.2\n");
  const auto arm = dir.write("sub/arm.ini", "name = Arm\nbase = ../base.ini\n[ssp]\ncoverage = 0.8\n");
  const Scenario s = Scenario::load(arm, table());
  CHECK(s.value("ssp.coverage") == 0.8);
  CHECK(s.name() == "Arm");
}

TEST_CASE("schedules are accepted where a value may change over time") {
  TempDir dir;
  const auto f = dir.write("s.ini", "[ssp]\ncoverage = 0.1 @ 0y, 0.6 @ 3y   # scale-up\n");
  const Scenario s = Scenario::load(f, table());
  CHECK(s.schedule("ssp.coverage").at(78) == Approx(0.35));
}

TEST_CASE("a switch reads true or false in any case, and nothing else") {
  TempDir dir;
  CHECK(Scenario::load(dir.write("a.ini", "[ssp]\nenabled = FALSE\n"), table()).value("ssp.enabled") == 0);
  CHECK(Scenario::load(dir.write("b.ini", "[naloxone]\nenabled =  True \n"), table()).value("naloxone.enabled") == 1);
  for (const char* bad : {"1", "0", "yes", "off", "truth", "0.5 @ 0y"})
    CHECK_THAT(error_of(dir.write("c.ini", std::string("[ssp]\nenabled = ") + bad + "\n")),
               Catch::Contains("c.ini:2: ssp.enabled") && Catch::Contains("is not a switch: write true or false"));
  // The resolved text writes switches as it reads them.
  const Scenario off = Scenario::load(dir.write("d.ini", "[ssp]\nenabled = false\n"), table());
  CHECK_THAT(off.resolved_text(false), Catch::Contains("[ssp]\nenabled = false\n"));
}

TEST_CASE("the resolved text loads back to the same scenario") {
  TempDir dir;
  dir.write("base.ini", "[ssp]\ncoverage = 0.25 @ 0y, 0.5 @ 2y\n");
  const auto f = dir.write("a.ini", "name = A # comment\nbase = base.ini\n[overdose]\np_fatal = 0.0123456789\n");
  const Scenario s = Scenario::load(f, table());
  const auto again = dir.write("resolved.ini", s.resolved_text(true));
  const Scenario t = Scenario::load(again, table());
  CHECK(t.name() == "A");
  CHECK(t.resolved_text(false) == s.resolved_text(false));
}

TEST_CASE("an unknown key names the key, file and line, and the nearest valid keys") {
  TempDir dir;
  const auto f = dir.write("typo.ini", "name = x\n\n[naloxone]\nkits_per_100k_per_yer = 5\n");
  const std::string e = error_of(f);
  CHECK_THAT(e, Catch::Contains(f.string() + ":4:"));
  CHECK_THAT(e, Catch::Contains("kits_per_100k_per_yer"));
  CHECK_THAT(e, Catch::Contains("nearest valid keys: kits_per_100k_per_year"));
}

TEST_CASE("a key of another section is pointed to its section") {
  TempDir dir;
  const auto f = dir.write("wrong.ini", "[naloxone]\ncoverage = 0.5\n");
  CHECK_THAT(error_of(f), Catch::Contains("is a key of section [ssp]"));
}

TEST_CASE("values out of range state the allowed range") {
  TempDir dir;
  const auto f = dir.write("range.ini", "[ssp]\ncoverage = 1.5\n");
  const std::string e = error_of(f);
  CHECK_THAT(e, Catch::Contains(":2:"));
  CHECK_THAT(e, Catch::Contains("out of range: allowed 0 to 1"));
  // Every point of a schedule is checked.
  const auto g = dir.write("sched.ini", "[ssp]\ncoverage = 0.1 @ 0y, 2 @ 3y\n");
  CHECK_THAT(error_of(g), Catch::Contains("ssp.coverage = 2 is out of range"));
}

TEST_CASE("an absurd population size is refused with its range") {
  TempDir dir;
  const auto f = dir.write("huge.ini", "[population]\nadults = 1e12\n");
  CHECK_THAT(error_of(f), Catch::Contains("allowed 100 to 20000000, whole numbers"));
  const auto g = dir.write("fraction.ini", "[population]\nadults = 1000.5\n");
  CHECK_THAT(error_of(g), Catch::Contains("whole numbers"));
}

TEST_CASE("non-numeric values and schedules where none are allowed are refused") {
  TempDir dir;
  CHECK_THAT(error_of(dir.write("a.ini", "[ssp]\ncoverage = lots\n")), Catch::Contains("'lots' is not a number"));
  CHECK_THAT(error_of(dir.write("b.ini", "[hiv]\np_per_act = 0.01 @ 0y, 0.02 @ 1y\n")),
             Catch::Contains("does not change over time"));
  CHECK_THAT(error_of(dir.write("c.ini", "[ssp]\ncoverage =\n")), Catch::Contains("has no value"));
}

TEST_CASE("missing files, inheritance loops, malformed sections and repeated keys are refused") {
  TempDir dir;
  CHECK_THAT(error_of(dir.path() / "nope.ini"), Catch::Contains("no such file"));
  dir.write("x.ini", "base = y.ini\n");
  dir.write("y.ini", "base = x.ini\n");
  CHECK_THAT(error_of(dir.path() / "x.ini"), Catch::Contains("inheritance loop"));
  CHECK_THAT(error_of(dir.write("self.ini", "base = self.ini\n")), Catch::Contains("inheritance loop"));
  CHECK_THAT(error_of(dir.write("m.ini", "[naloxone\nx = 1\n")), Catch::Contains("malformed section header"));
  CHECK_THAT(error_of(dir.write("u.ini", "[nalox]\n")), Catch::Contains("nearest valid sections: naloxone"));
  CHECK_THAT(error_of(dir.write("d.ini", "[ssp]\ncoverage = 0.1\ncoverage = 0.2\n")),
             Catch::Contains("given twice in this file (first at line 2)"));
  CHECK_THAT(error_of(dir.write("t.ini", "coverage = 0.1\n")), Catch::Contains("must be inside a section"));
  CHECK_THAT(error_of(dir.write("n.ini", "[ssp]\njust words\n")), Catch::Contains("expected 'key = value'"));
  CHECK_THAT(error_of(dir.write("missing_base.ini", "base = gone.ini\n")), Catch::Contains("gone.ini"));
}

TEST_CASE("a mistyped --set key lists the nearest keys") {
  TempDir dir;
  const auto f = dir.write("ok.ini", "[ssp]\ncoverage = 0.1\n");
  const std::string e = error_of(f, {{"ssp.coverag", "0.5", "--set"}});
  CHECK_THAT(e, Catch::Contains("--set ssp.coverag=0.5"));
  CHECK_THAT(e, Catch::Contains("ssp.coverage"));
}

TEST_CASE("the bundled scenarios load and inherit from the baseline") {
  const std::filesystem::path dir = HARMSIM_SOURCE_DIR "/scenarios";
  const Scenario base = Scenario::load(dir / "baseline.ini", table());
  for (const char* arm : {"naloxone_expansion.ini", "ssp_expansion.ini", "combined.ini"}) {
    const Scenario s = Scenario::load(dir / arm, table());
    CHECK(s.value("population.adults") == base.value("population.adults"));
    CHECK(s.value("run.seed") == base.value("run.seed"));
    CHECK(s.name() != base.name());
  }
}

TEST_CASE("a base chain of 64 files loads, a deeper one is refused at its 64th file, and 5000 files cost nothing") {
  const Scenario deep = Scenario::load("/chain/f0.ini", table(), {}, chain_of(Scenario::kMaxBaseDepth));
  CHECK(deep.value("ssp.coverage") == 0.3);
  CHECK(deep.origin("ssp.coverage") == "/chain/f63.ini:2");
  CHECK_THAT(chain_error(Scenario::kMaxBaseDepth + 1),
             Catch::Contains("/chain/f63.ini:1: base = f64.ini: the base chain is deeper than 64 files"));
  // Read iteratively, so no stack to overflow; the limit stops it after 64 files.
  CHECK_THAT(chain_error(5000), Catch::Contains("/chain/f63.ini:1: base = f64.ini"));
}

TEST_CASE("a base that cannot be read is named with the file and line that refer to it") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "folder");
  std::filesystem::create_symlink("loop_b.ini", dir.path() / "loop_a.ini");
  std::filesystem::create_symlink("loop_a.ini", dir.path() / "loop_b.ini");
  const std::string long_name(300, 'n');
  struct Case {
    std::string base, expect;
  };
  for (const Case& c : std::vector<Case>{{"gone.ini", "no such file or directory"},
                                         {"folder", "it is a directory, not a scenario file"},
                                         {"/dev/zero", "it is a character device, not a scenario file"},
                                         {"loop_a.ini", "too many levels of symbolic links"},
                                         {long_name + ".ini", "file name too long"}}) {
    INFO(c.base);
    const auto arm = dir.write("arm.ini", "# an arm\nbase = " + c.base + "\n");
    const std::string e = error_of(arm);
    CHECK_THAT(e, Catch::StartsWith(arm.string() + ":2: base = "));
    CHECK_THAT(e, Catch::Contains(c.expect));
    CHECK(e.size() < 600);
  }
  // The scenario file itself: its own path.
  CHECK_THAT(error_of(dir.path() / "loop_a.ini"),
             Catch::Contains("loop_a.ini: cannot read this scenario file: too many "
                             "levels of symbolic links"));
}

TEST_CASE("two paths to one file are one file: a loop through a symbolic link is found") {
  TempDir dir;
  dir.write("real.ini", "base = alias.ini\n");
  std::filesystem::create_symlink("real.ini", dir.path() / "alias.ini");
  CHECK_THAT(error_of(dir.path() / "real.ini"),
             Catch::Contains("real.ini:1: base = alias.ini: inheritance loop real.ini -> alias.ini"));
}

TEST_CASE("scenario text holds printable UTF-8 and tabs with LF or CRLF endings, and nothing else") {
  TempDir dir;
  const Scenario bom = Scenario::load(dir.write("bom.ini", "\xEF\xBB\xBF[ssp]\ncoverage = 0.4\n"), table());
  CHECK(bom.value("ssp.coverage") == 0.4);
  const Scenario crlf =
      Scenario::load(dir.write("crlf.ini", "name = Caf\xC3\xA9\r\n[ssp]\r\ncoverage =\t0.4\r\n"), table());
  CHECK(crlf.name() == "Caf\xC3\xA9");
  CHECK(crlf.value("ssp.coverage") == 0.4);
  struct Case {
    std::string text, expect;
  };
  for (const Case& c :
       std::vector<Case>{{std::string("name = Arm\0with NUL\n", 20), ":1: column 11: control character \\x00"},
                         {"[ssp]\ncoverage = 0.4\rextra\n", ":2: column 15: control character \\x0D"},
                         {"# \x1b[31mred\n", ":1: column 3: control character \\x1B"},
                         {"name = a\x7f\n", ":1: column 9: control character \\x7F"},
                         {"name = caf\xE9\n", ":1: column 11: malformed UTF-8 byte \\xE9"},
                         {"name = \xC2\x9B"
                          "31m\n",
                          ":1: column 8: control character \\xC2\\x9B"}}) {
    INFO(text::excerpt(c.text));
    const auto f = dir.write("bad.ini", c.text);
    const std::string e = error_of(f);
    CHECK_THAT(e, Catch::StartsWith(f.string()));
    CHECK_THAT(e, Catch::Contains(c.expect));
    CHECK_FALSE(text::first_forbidden_byte(e));
  }
  CHECK_THAT(error_of(dir.write("ok.ini", "[ssp]\n"), {{"ssp.coverage", "0.4\x1b", "--set"}}),
             Catch::Contains("--set ssp.coverage: column 4: control character \\x1B"));
}

TEST_CASE("a name taken from the file name holds nothing the scenario text cannot store") {
  TempDir dir;
  const Scenario s = Scenario::load(dir.write("arm #2\x01.ini", "[ssp]\n"), table());
  CHECK(s.name() == "arm _2_");
  CHECK(Scenario::load(dir.write("again.ini", s.resolved_text(false)), table()).name() == "arm _2_");
}

TEST_CASE("whole-number parameters are checked exactly: the seed's bound is 2^53") {
  TempDir dir;
  const auto f = dir.write("seed.ini", "[run]\nseed = 9007199254740992\n");
  CHECK(Scenario::load(f, table()).value("run.seed") == 9007199254740992.0);
  CHECK_THAT(error_of(f, {{"run.seed", "9007199254740993", "--seed"}}),
             Catch::Contains("run.seed = 9007199254740993 is out of range: allowed 0 to 9007199254740992"));
  CHECK_THAT(error_of(f, {{"run.replicates", "2.5", "--replicates"}}), Catch::Contains("2.5 is not a whole number"));
  CHECK_THAT(error_of(f, {{"run.replicates", "many", "--replicates"}}), Catch::Contains("'many' is not a number"));
  CHECK(Scenario::load(f, table(), {{"population.adults", "2e4", "--set"}}).value("population.adults") == 20000);
}

TEST_CASE("a combination of values that is invalid names every line, and every option with its value") {
  TempDir dir;
  std::string text = "[naloxone]\nshare_ssp = 0.7\n";
  for (int i = 3; i < 30; ++i) text += "# padding\n";
  const auto f = dir.write("one.ini", text + "share_pharmacy = 0.5\n");  // lines 2 and 30
  try {
    describe_arm(Scenario::load(f, table()));
    FAIL("accepted channel shares summing to 1.2");
  } catch (const UsageError& e) {
    CHECK_THAT(e.what(), Catch::StartsWith(f.string() + ":2, " + f.string() + ":30: "));
  }
  const auto plain = dir.write("plain.ini", "[ssp]\n");
  try {
    describe_arm(Scenario::load(plain, table(),
                                {{"naloxone.share_ssp", "0.7", "--set"}, {"naloxone.share_pharmacy", "0.5", "--set"}}));
    FAIL("accepted channel shares summing to 1.2");
  } catch (const UsageError& e) {
    CHECK_THAT(e.what(), Catch::StartsWith("--set naloxone.share_ssp=0.7, --set naloxone.share_pharmacy=0.5: "));
  }
}

TEST_CASE("a combination of values that is invalid names the files and lines that set them") {
  TempDir dir;
  dir.write("base.ini", "[naloxone]\nshare_ssp = 0.7\n");
  const auto arm = dir.write("arm.ini", "base = base.ini\n[naloxone]\nshare_pharmacy = 0.5\n");
  try {
    describe_arm(Scenario::load(arm, table()));
    FAIL("accepted channel shares summing to 1.2");
  } catch (const UsageError& e) {
    CHECK_THAT(e.what(), Catch::StartsWith((dir.path() / "base.ini").string() + ":2, " + arm.string() + ":3: "));
    CHECK_THAT(e.what(), Catch::Contains("channel shares must sum to at most 1"));
  }
}
