// Result files appear whole or not at all, replace only what is safe to replace, and
// leave nothing behind.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>

#include "output/atomic_file.hpp"
#include "params/errors.hpp"
#include "support.hpp"

using namespace harmsim;
namespace fs = std::filesystem;

namespace {

std::string host() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

// A process id that no longer runs: a child that has exited and been reaped.
pid_t dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}
}  // namespace

TEST_CASE("a file is written under a temporary name and renamed over the destination when committed") {
  test::TempDir dir;
  const auto dest = dir.write("out.csv", "old");
  {
    AtomicFile f(dest, "--csv");
    CHECK(f.temp_path().parent_path() == dest.parent_path());
    f.write("new");
    CHECK(test::read_file(dest) == "old");  // untouched until commit
    f.commit();
    CHECK_FALSE(fs::exists(f.temp_path()));
  }
  CHECK(test::read_file(dest) == "new");
}

TEST_CASE("an abandoned write leaves the destination untouched and no temporary file") {
  test::TempDir dir;
  const auto dest = dir.write("out.csv", "old");
  fs::path temp;
  {
    AtomicFile f(dest, "--csv");
    temp = f.temp_path();
    f.write("partial");
  }
  CHECK_FALSE(fs::exists(temp));
  CHECK(test::read_file(dest) == "old");
}

TEST_CASE("SIGTERM, SIGINT or SIGHUP during a write removes the temporary file") {
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
    test::TempDir dir;
    const auto dest = dir.write("out.h5", "old");
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      AtomicFile f(dest, "--output");
      f.write("partial");
      std::raise(sig);
      _exit(0);  // not reached
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == sig);
    CHECK(test::read_file(dest) == "old");
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
  }
}

TEST_CASE("a replaced file keeps its permission bits") {
  test::TempDir dir;
  const auto dest = dir.write("private.h5", "old");
  fs::permissions(dest, fs::perms::owner_read | fs::perms::owner_write);
  AtomicFile f(dest, "--output");
  f.write("new");
  f.commit();
  CHECK(fs::status(dest).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(test::read_file(dest) == "new");
}

TEST_CASE("a symbolic link is followed: the file it names is replaced and the link stays") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "store");
  const auto target = dir.write("store/real.h5", "old");
  const auto link = dir.path() / "latest.h5";
  fs::create_symlink("store/real.h5", link);
  AtomicFile f(link, "--output");
  CHECK(f.temp_path().parent_path() == target.parent_path());
  f.write("new");
  f.commit();
  CHECK(fs::is_symlink(link));
  CHECK(test::read_file(target) == "new");
  // A dangling link names the file to create.
  const auto dangling = dir.path() / "next.h5";
  fs::create_symlink("store/next.h5", dangling);
  AtomicFile g(dangling, "--output");
  g.write("fresh");
  g.commit();
  CHECK(fs::is_symlink(dangling));
  CHECK(test::read_file(dir.path() / "store/next.h5") == "fresh");
}

TEST_CASE("directories, devices, named pipes and symbolic link loops are refused as destinations") {
  test::TempDir dir;
  const auto refused = [](const fs::path& p) {
    try {
      AtomicFile f(p, "--output");
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THAT(refused(dir.path()), Catch::Contains("it is a directory"));
  CHECK_THAT(refused(dir.path() / ""), Catch::Contains("not a file name"));
  CHECK_THAT(refused("/dev/null"), Catch::Contains("--output /dev/null: it is a character device"));
  CHECK(fs::is_character_file("/dev/null"));
  const auto fifo = dir.path() / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THAT(refused(fifo), Catch::Contains("it is a named pipe"));
  CHECK(fs::is_fifo(fifo));
  fs::create_symlink("b", dir.path() / "a");
  fs::create_symlink("a", dir.path() / "b");
  CHECK_THAT(refused(dir.path() / "a"), Catch::Contains("too many levels of symbolic links"));
  CHECK_THAT(refused(dir.path() / std::string(300, 'x')), Catch::Contains("file name too long"));
}

TEST_CASE("temporary files of processes that no longer run are removed, and no others") {
  test::TempDir dir;
  const std::string me = host();
  const auto stale = dir.write("old.h5.tmp-" + me + "-" + std::to_string(dead_pid()), "left by a killed run");
  const auto live = dir.write("old.h5.tmp-" + me + "-" + std::to_string(::getppid()), "being written");
  const auto other_host = dir.write("old.h5.tmp-" + me + "x-" + std::to_string(dead_pid()), "another machine's");
  const auto progress = dir.write("sweep.h5.progress", "resumable work");
  const auto unrelated = dir.write("notes.tmp-" + me + "-abc", "not a pid");
  AtomicFile f(dir.path() / "new.h5", "--output");
  CHECK_FALSE(fs::exists(stale));
  for (const auto& kept : {live, other_host, progress, unrelated}) CHECK(fs::exists(kept));
}
