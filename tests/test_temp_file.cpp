// Result files appear whole or not at all.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>

#include "output/temp_file.hpp"
#include "support.hpp"

using namespace harmsim;

TEST_CASE("a file is written under a temporary name and renamed over the destination when complete") {
  test::TempDir dir;
  const auto dest = dir.write("out.csv", "old");
  {
    TempFile f(dest);
    std::ofstream(f.path()) << "new";
    CHECK(std::filesystem::exists(f.path()));
    std::ifstream in(dest);
    std::string text;
    in >> text;
    CHECK(text == "old");  // untouched until commit
    f.commit();
  }
  std::ifstream in(dest);
  std::string text;
  in >> text;
  CHECK(text == "new");
}

TEST_CASE("an abandoned write leaves the destination untouched and no temporary file") {
  test::TempDir dir;
  const auto dest = dir.write("out.csv", "old");
  std::filesystem::path temp;
  {
    TempFile f(dest);
    temp = f.path();
    std::ofstream(f.path()) << "partial";
  }
  CHECK_FALSE(std::filesystem::exists(temp));
  std::ifstream in(dest);
  std::string text;
  in >> text;
  CHECK(text == "old");
}

TEST_CASE("SIGTERM or SIGINT during a write removes the temporary file") {
  for (int sig : {SIGTERM, SIGINT}) {
    test::TempDir dir;
    const auto dest = dir.path() / "out.h5";
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      TempFile f(dest);
      std::ofstream(f.path()) << "partial";
      std::raise(sig);
      _exit(0);  // not reached
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    CHECK(std::filesystem::is_empty(dir.path()));
  }
}
