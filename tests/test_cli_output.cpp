// Result files through the real binary under hostile conditions: a full disk, a file
// size limit, signals while the file is written, odd destinations, and runs too large
// for the machine. An existing result file is only ever replaced by a complete new one.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "support.hpp"

using namespace harmsim::test;
namespace fs = std::filesystem;

namespace {

// A small community whose result file is a few hundred kilobytes.
const char* kCommunity =
    "name = Small\n[population]\nadults = 3000\n[run]\nyears = 10\nreplicates = 4\nburn_in_years = 0\n";

bool temporaries_left(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) return true;
  return false;
}

// A tmpfs of `size` mounted on `dir` while it lives (needs root and a kernel that lets
// this process mount), else nothing.
class Tmpfs {
 public:
  Tmpfs(const fs::path& dir, const char* size) : dir_(dir) {
    fs::create_directories(dir);
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, size) == 0;
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

void check_failed_write_kept_old_file(const Invocation& r, const fs::path& out, const std::string& old,
                                      const std::string& reason) {
  INFO(r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("harmsim: failed: " + reason + " writing " + out.string()));
  CHECK_THAT(r.out, Catch::Contains("overdose_deaths"));  // the summary still prints
  CHECK_THAT(r.out, Catch::Contains("stochastic variation"));
  CHECK(read_file(out) == old);
  CHECK_FALSE(temporaries_left(out.parent_path()));
}

}  // namespace

TEST_CASE("a file size limit striking mid-file keeps the old result file, prints the summary and exits 1") {
  TempDir dir;
  const auto scenario = dir.write("small.ini", kCommunity);
  const auto out = dir.path() / "x.h5";
  REQUIRE(invoke("run " + scenario.string() + " --quiet -o " + out.string()).status == 0);
  const std::string old = read_file(out);
  // 100 blocks of 512 bytes: the layout fits, the series do not. SIGXFSZ is ignored, so
  // the write fails with EFBIG instead of killing the process.
  const Launch limited{"trap '' XFSZ; ulimit -f 100;", ""};
  const std::string run = "run " + scenario.string() + " --replicates 6 --quiet -o " + out.string();
  // The estimate sees the limit and refuses up front...
  const Invocation refused = invoke(run, limited);
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::Contains("the file size limit (ulimit -f)"));
  // ...and when forced, the write fails mid-file.
  check_failed_write_kept_old_file(invoke(run + " --no-resource-check", limited), out, old, "file too large");
}

TEST_CASE("a full disk keeps the old result file, prints the summary and exits 1") {
  TempDir dir;
  const Tmpfs disk(dir.path() / "mnt", "size=700k");
  if (!disk.mounted()) {
    WARN("no tmpfs could be mounted here (needs root): the full disk is covered by the file size limit test only");
    return;
  }
  const auto scenario = dir.write("small.ini", kCommunity);
  const auto out = dir.path() / "mnt" / "x.h5";
  REQUIRE(invoke("run " + scenario.string() + " --quiet -o " + out.string()).status == 0);
  const std::string old = read_file(out);
  // The estimate says 6 replicates will not fit beside the 4: refused up front...
  const Invocation refused = invoke("run " + scenario.string() + " --replicates 6 --quiet -o " + out.string());
  CHECK(refused.status == 2);
  CHECK_THAT(refused.err, Catch::Contains("for its result file"));
  CHECK_THAT(refused.err, Catch::Contains("the free space where it goes"));
  // ...and when forced, the disk fills mid-file.
  const Invocation r =
      invoke("run " + scenario.string() + " --replicates 6 --no-resource-check --quiet -o " + out.string());
  check_failed_write_kept_old_file(r, out, old, "no space left on device");
}

TEST_CASE("the file reaches the disk before its name: fsync of the file, rename, fsync of the folder") {
  TempDir dir;
  const auto scenario = dir.write("small.ini", kCommunity);
  const auto out = dir.path() / "x.h5";
  const auto trace = dir.path() / "trace.txt";
  const Invocation r =
      invoke("run " + scenario.string() + " --replicates 1 --quiet -o " + out.string(),
             // LeakSanitizer cannot run under ptrace; in a sanitizer build it is switched off here.
             {"ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:detect_leaks=0\"; export ASAN_OPTIONS;",
              "strace -f -o " + trace.string() + " -e trace=openat,close,fsync,fdatasync,rename,renameat,renameat2"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  // Which file each descriptor is (the temporary file harmsim creates with O_EXCL, the
  // destination's folder), then the syncs and the rename in the order they happened.
  std::map<std::string, std::string> open;
  std::vector<std::string> events;
  std::istringstream lines(read_file(trace));
  for (std::string line; std::getline(lines, line);) {
    const auto call = line.find_first_of("abcdefghijklmnopqrstuvwxyz", line.find(' '));
    const auto paren = line.find('(', call);
    if (call == std::string::npos || paren == std::string::npos) continue;
    const std::string name = line.substr(call, paren - call);
    const std::string argument = line.substr(paren + 1, line.find_first_of(",)", paren) - paren - 1);
    const std::string result = line.substr(line.rfind("= ") + 2);
    const std::string fd = result.substr(0, result.find(' '));
    if (name == "openat" && line.find(".tmp-") != std::string::npos && line.find("O_EXCL") != std::string::npos)
      open[fd] = "file";
    else if (name == "openat" && line.find("O_DIRECTORY") != std::string::npos &&
             line.find('"' + dir.path().string() + '"') != std::string::npos)
      open[fd] = "folder";
    else if (name == "close")
      open.erase(argument);
    else if ((name == "fsync" || name == "fdatasync") && open.count(argument))
      events.push_back("fsync(" + open[argument] + ")");
    else if (name.rfind("rename", 0) == 0 && line.find('"' + out.string() + '"') != std::string::npos)
      events.push_back("rename");
  }
  CHECK(events == std::vector<std::string>{"fsync(file)", "rename", "fsync(folder)"});
}

TEST_CASE("SIGTERM at any moment of a run, the file write included, leaves the old file or a complete new one",
          "[cli]") {
  TempDir dir;
  // Many quick replicates: the file is written throughout the run.
  const auto scenario = dir.write("quick.ini",
                                  "[population]\nadults = 500\n[run]\nyears = 0.5\nreplicates = 1000\n"
                                  "burn_in_years = 0\n");
  const auto out = dir.write("x.h5", "the old result");
  int killed = 0, finished = 0;
  for (int trial = 0; trial < 16; ++trial) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
      ::execl(HARMSIM_BINARY, HARMSIM_BINARY, "run", scenario.c_str(), "--quiet", "-o", out.c_str(), nullptr);
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + 60 * trial));
    ::kill(child, SIGTERM);
    int status = 0;
    ::waitpid(child, &status, 0);
    INFO("trial " << trial);
    CHECK_FALSE(temporaries_left(dir.path()));
    if (WIFSIGNALED(status)) {
      CHECK(WTERMSIG(status) == SIGTERM);
      // Killed before its commit, the run left the old file; killed after it (while
      // printing its summary, or exiting), the complete new one.
      const std::string now = read_file(out);
      const bool old_file = now == "the old result";
      CHECK((old_file || now.substr(1, 3) == "HDF"));
      killed += old_file;
      if (!old_file) std::ofstream(out) << "the old result";
    } else {
      REQUIRE(WEXITSTATUS(status) == 0);
      CHECK(read_file(out).substr(1, 3) == "HDF");
      ++finished;
      std::ofstream(out) << "the old result";
    }
  }
  INFO(killed << " runs killed before their commit, " << finished << " finished");
  CHECK(killed >= 4);  // the signal did strike mid-run
}

TEST_CASE("a run started with SIGHUP ignored, as by nohup, survives a hangup") {
  TempDir dir;
  const auto scenario = dir.write("quick.ini",
                                  "[population]\nadults = 500\n[run]\nyears = 0.5\nreplicates = 400\n"
                                  "burn_in_years = 0\n");
  const auto out = dir.path() / "x.h5";
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGHUP, SIG_IGN);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::execl(HARMSIM_BINARY, HARMSIM_BINARY, "run", scenario.c_str(), "--quiet", "-o", out.c_str(), nullptr);
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ::kill(child, SIGHUP);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(read_file(out).substr(1, 3) == "HDF");
}

TEST_CASE("a read-only result file is replaced by one just as read-only, also for an unprivileged user") {
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::all);  // writable by the unprivileged user below
  const auto scenario = dir.write("small.ini", kCommunity);
  const auto out = dir.write("kept.h5", "old");
  // As root, run as nobody: root may write a read-only file, so only then does the test bite.
  const bool root = ::geteuid() == 0;
  if (root) REQUIRE(::chown(out.c_str(), 65534, 65534) == 0);
  fs::permissions(out, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  const Invocation r = invoke("run " + scenario.string() + " --replicates 1 --quiet -o " + out.string(),
                              {"", root ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : ""});
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(read_file(out).substr(1, 3) == "HDF");
  CHECK(fs::status(out).permissions() == (fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read));
}

TEST_CASE("outputs: devices and pipes are refused, symbolic links followed, permissions kept") {
  TempDir dir;
  const auto scenario = dir.write("small.ini", kCommunity);
  const std::string run = "run " + scenario.string() + " --replicates 1 --quiet -o ";
  const Invocation null = invoke(run + "/dev/null");
  CHECK(null.status == 2);
  CHECK_THAT(null.err, Catch::Contains("--output /dev/null: it is a character device"));
  CHECK(fs::is_character_file("/dev/null"));
  const auto fifo = dir.path() / "pipe.h5";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const Invocation pipe = invoke(run + fifo.string());
  CHECK(pipe.status == 2);
  CHECK_THAT(pipe.err, Catch::Contains("it is a named pipe"));
  CHECK(fs::is_fifo(fifo));
  CHECK(invoke(run + "''").status == 2);
  // Every destination is checked before any is created.
  const Invocation second_bad = invoke(run + (dir.path() / "new/x.h5").string() + " --csv /dev/null");
  CHECK(second_bad.status == 2);
  CHECK_THAT(second_bad.err, Catch::Contains("--csv /dev/null: it is a character device"));
  CHECK_FALSE(fs::exists(dir.path() / "new"));
  const Invocation long_path = invoke(run + (dir.path() / std::string(300, 'o')).string() + ".h5");
  CHECK(long_path.status == 2);
  CHECK_THAT(long_path.err, Catch::Contains("file name too long"));

  const auto target = dir.write("real.h5", "old");
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
  fs::create_symlink("real.h5", dir.path() / "link.h5");
  const Invocation linked = invoke(run + (dir.path() / "link.h5").string());
  INFO(linked.err);
  CHECK(linked.status == 0);
  CHECK(fs::is_symlink(dir.path() / "link.h5"));
  CHECK(read_file(target).substr(1, 3) == "HDF");
  CHECK(fs::status(target).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("a run removes the temporaries a killed run left in its folder") {
  TempDir dir;
  const auto scenario = dir.write("small.ini", kCommunity);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const pid_t gone = fork();
  if (gone == 0) _exit(0);
  ::waitpid(gone, nullptr, 0);
  const auto stale = dir.write("x.h5.tmp-" + std::string(host) + "-" + std::to_string(gone), "killed mid-write");
  REQUIRE(invoke("run " + scenario.string() + " --replicates 1 --quiet -o " + (dir.path() / "y.h5").string()).status ==
          0);
  CHECK_FALSE(fs::exists(stale));
}

TEST_CASE("a run too large for the machine's memory is refused up front with the estimate") {
#if defined(__SANITIZE_ADDRESS__)
  WARN("not under AddressSanitizer, which needs terabytes of address space");
#else
  TempDir dir;
  const auto scenario = dir.write("small.ini", kCommunity);
  // 4 million adults need about 200 MB; the address space is capped at 150 MB.
  const std::string big = scenario.string() + " --set population.adults=4000000 --years 10 --replicates 1";
  const Launch capped{"ulimit -v 150000;", ""};
  const Invocation check = invoke("check " + big, capped);
  CHECK(check.status == 2);
  CHECK_THAT(check.err, Catch::Contains("of address space, but"));
  CHECK_THAT(check.err, Catch::Contains("the address-space limit (ulimit -v)"));
  const Invocation forced =
      invoke("run " + big + " --quiet --no-resource-check -o " + (dir.path() / "m.h5").string(), capped);
  CHECK(forced.status == 1);
  CHECK_THAT(forced.err, Catch::Contains("out of memory while running"));
  // Threads map stacks and malloc arenas: a small run on many threads is refused too,
  // instead of failing to start a thread.
  const Invocation threads =
      invoke("run " + scenario.string() + " --replicates 1 --threads 8 --quiet -o " + (dir.path() / "t.h5").string(),
             {"ulimit -v 250000;", ""});
  CHECK(threads.status == 2);
  CHECK_THAT(threads.err, Catch::Contains("of address space"));
#endif
}

TEST_CASE("the memory estimate is within 25% of the peak resident memory measured") {
#if defined(__SANITIZE_ADDRESS__)
  WARN("not under AddressSanitizer, whose shadow memory inflates the peak");
#else
  // A community where few are active, and a cohort where everyone injects (every group's
  // list then holds everyone).
  TempDir dir;
  struct Case {
    std::filesystem::path scenario;
    std::string adults;
  };
  for (const Case& c : {Case{dir.write("small.ini", kCommunity), "1000000"},
                        Case{HARMSIM_SOURCE_DIR "/scenarios/pwid_cohort.ini", "300000"}}) {
    INFO(c.scenario.filename() << " with " << c.adults << " adults");
    const Invocation check =
        invoke("check " + c.scenario.string() + " --set population.adults=" + c.adults + " --years 1 --replicates 1");
    REQUIRE(check.status == 0);
    // "... needs memory about 58 MB (..."
    const auto at = check.out.find("memory about ");
    REQUIRE(at != std::string::npos);
    std::istringstream words(check.out.substr(at + 13));
    double estimate = 0;
    std::string unit;
    words >> estimate >> unit;
    REQUIRE(unit == "MB");
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, STDOUT_FILENO);
      const std::string adults = "population.adults=" + c.adults;
      ::execl(HARMSIM_BINARY, HARMSIM_BINARY, "run", c.scenario.c_str(), "--set", adults.c_str(), "--years", "1",
              "--replicates", "1", "--quiet", "-o", (dir.path() / "x.h5").c_str(), nullptr);
      _exit(127);
    }
    int status = 0;
    rusage usage{};
    ::wait4(child, &status, 0, &usage);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    const double peak = static_cast<double>(usage.ru_maxrss) * 1024 / 1e6;  // MB
    INFO("estimate " << estimate << " MB, measured peak " << peak << " MB");
    CHECK(std::abs(estimate / peak - 1) <= 0.25);
  }
#endif
}

TEST_CASE("run --profile prints the time of each module in each phase, its shares adding up to the whole") {
  TempDir dir;
  const auto scenario = dir.write("small.ini", kCommunity);
  const std::string run = "run " + scenario.string() + " --replicates 2 --quiet -o " + (dir.path() / "x.h5").string();
  CHECK(invoke(run).out.find("Time by module and phase") == std::string::npos);
  const Invocation profiled = invoke(run + " --profile");
  REQUIRE(profiled.status == 0);
  const auto at = profiled.out.find("Time by module and phase (");
  REQUIRE(at != std::string::npos);
  // One row per module and phase ("  opioid_use / substance_use   0.123 s   45.6%"), the
  // smallest summed into "(all others)"; the shares are printed to 0.1%.
  std::istringstream rows(profiled.out.substr(at));
  std::string line;
  std::getline(rows, line);
  double shares = 0;
  int modules = 0;
  bool others = false;
  while (std::getline(rows, line) && !line.empty()) {
    const auto percent = line.rfind(' ', line.size() - 2);
    REQUIRE(line.back() == '%');
    shares += std::stod(line.substr(percent + 1));
    modules += line.find(" / ") != std::string::npos;
    others = others || line.find("(all others)") != std::string::npos;
  }
  INFO(profiled.out.substr(at));
  CHECK(profiled.out.find("opioid_use / substance_use") != std::string::npos);
  CHECK(modules >= 3);
  CHECK(others);
  CHECK(std::abs(shares - 100) <= 0.05 * (modules + 1));
}
