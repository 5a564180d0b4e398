// Eligibility expressions against hand-built populations: every expression picks
// exactly the people a direct reading of it picks, parse errors say where, and unknown
// names come with the nearest known ones.
#include <catch2/catch.hpp>
#include <functional>

#include "core/eligibility.hpp"
#include "core/world.hpp"

using namespace harmsim;

namespace {

// 64 adults: the flags of "listed" and "marked" are the low bits of the id, ages run
// 18..81 (id + 18), and odd ids are men. "listed" has a published list; "marked" and
// "recent(n)" (ids below n) do not.
struct Town {
  World w;
  State<std::uint8_t>& listed_flag = w.pop.declare<std::uint8_t>("test.listed", 0);
  State<std::uint8_t>& marked_flag = w.pop.declare<std::uint8_t>("test.marked", 0);
  Group& listed;

  Town()
      : listed(w.groups.publish("listed", "listed people",
                                [this](const World&, AgentId a, double) { return listed_flag[a] != 0; })) {
    w.groups.define(
        {"marked", "marked people", "", [this](const World&, AgentId a, double) { return marked_flag[a] != 0; }});
    w.groups.define({"recent", "ids below n", "weeks", [](const World&, AgentId a, double n) { return a < n; }});
    w.pop.add(64);
    w.step = 100 * kStepsPerYear;
    for (AgentId a = 0; a < 64; ++a) {
      listed_flag[a] = a & 1u;
      marked_flag[a] = (a >> 1) & 1u;
      w.pop.sex[a] = a % 2 ? Sex::male : Sex::female;
      w.pop.birth_step[a] = static_cast<std::int32_t>(w.step - (18 + a) * kStepsPerYear);
      if (listed_flag[a]) listed.push_back(a);
    }
  }

  std::vector<AgentId> members(const std::string& text) {
    Eligibility e(text);
    e.bind(w.groups);
    return e.members(w);
  }
  std::vector<AgentId> where(const std::function<bool(AgentId)>& keep) const {
    std::vector<AgentId> out;
    for (AgentId a = 0; a < 64; ++a)
      if (w.pop.alive[a] && keep(a)) out.push_back(a);
    return out;
  }
};

std::string parse_error(const std::string& text) {
  try {
    Eligibility e(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

std::string bind_error(Town& t, const std::string& text) {
  Eligibility e(text);
  try {
    e.bind(t.w.groups);
  } catch (const std::invalid_argument& err) {
    return err.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("an eligibility expression picks exactly the people its reading picks") {
  Town t;
  const auto listed = [&](AgentId a) { return t.listed_flag[a] != 0; };
  const auto marked = [&](AgentId a) { return t.marked_flag[a] != 0; };
  const auto age = [&](AgentId a) { return static_cast<int>(a) + 18; };
  CHECK(t.members("listed") == t.where(listed));
  CHECK(t.members("everyone") == t.where([](AgentId) { return true; }));
  CHECK(t.members("not listed") == t.where([&](AgentId a) { return !listed(a); }));
  CHECK(t.members("not not listed") == t.where(listed));
  CHECK(t.members("listed and marked") == t.where([&](AgentId a) { return listed(a) && marked(a); }));
  CHECK(t.members("listed or marked") == t.where([&](AgentId a) { return listed(a) || marked(a); }));
  // and binds tighter than or; parentheses override.
  CHECK(t.members("marked or listed and age < 30") ==
        t.where([&](AgentId a) { return marked(a) || (listed(a) && age(a) < 30); }));
  CHECK(t.members("(marked or listed) and age < 30") ==
        t.where([&](AgentId a) { return (marked(a) || listed(a)) && age(a) < 30; }));
  CHECK(t.members("age >= 70") == t.where([&](AgentId a) { return age(a) >= 70; }));
  CHECK(t.members("age<=20") == t.where([&](AgentId a) { return age(a) <= 20; }));
  CHECK(t.members("age > 80") == t.where([&](AgentId a) { return age(a) > 80; }));
  CHECK(t.members("age = 33") == std::vector<AgentId>{15});
  CHECK(t.members("age != 33 and age < 20") == std::vector<AgentId>{0, 1});
  CHECK(t.members("female and listed").empty());  // listed ids are odd: men
  CHECK(t.members("male") == t.where(listed));
  CHECK(t.members("recent(5) and not female") == std::vector<AgentId>{1, 3});
  CHECK(t.members("listed or recent(3)") == t.where([&](AgentId a) { return listed(a) || a < 3; }));
  // Tabs and new lines are blanks; names are case-sensitive.
  CHECK(t.members("\tlisted\nand   marked ") == t.members("listed and marked"));
}

TEST_CASE("the dead are never eligible, whichever agents the expression has to test") {
  Town t;
  t.w.pop.die(5);
  t.w.pop.die(8);
  for (const std::string text : {"listed", "not listed", "everyone", "listed or marked", "marked and listed"})
    for (AgentId a : t.members(text)) CHECK(t.w.pop.alive[a]);
  CHECK(t.members("age < 28") == std::vector<AgentId>{0, 1, 2, 3, 4, 6, 7, 9});
}

TEST_CASE("a published group is followed as it changes, and only its listed members are tested") {
  Town t;
  // A member set in the flag but not yet listed is not found through the list: the list
  // is what the publisher keeps, and the expression relies on it.
  t.listed_flag[2] = 1;
  CHECK(t.members("listed and age < 22") == std::vector<AgentId>{1, 3});
  t.listed.insert(t.listed.begin() + 1, 2);
  CHECK(t.members("listed and age < 22") == std::vector<AgentId>{1, 2, 3});
  // A listed person who no longer passes the test is not eligible.
  t.listed_flag[1] = 0;
  CHECK(t.members("listed and age < 22") == std::vector<AgentId>{2, 3});
}

TEST_CASE("a syntax error says at which column and what was expected") {
  CHECK(parse_error("listed and") == "column 11: expected a group, 'not' or '(', found the end.");
  CHECK(parse_error("(listed or marked") == "column 18: expected ')' to close the '(' at column 1.");
  CHECK(parse_error("listed marked") == "column 8: expected 'and', 'or' or the end, found 'marked'.");
  CHECK(parse_error("age 30") == "column 5: expected <, <=, >, >=, = or != after 'age'.");
  CHECK(parse_error("age < old") == "column 7: expected an age in years (0 or more).");
  CHECK(parse_error("recent(") == "column 8: expected a number (0 or more).");
  CHECK(parse_error("recent(3") == "column 9: expected ')' after the argument of recent.");
  CHECK(parse_error("and listed") == "column 1: expected a group before 'and'.");
  CHECK(parse_error("") == "column 1: expected a group, 'not' or '(', found the end.");
  CHECK(parse_error("listed & marked") == "column 8: expected 'and', 'or' or the end, found '& marked'.");
  CHECK(parse_error("listed or female(3)") == "column 11: 'female' takes no number.");
}

TEST_CASE("an unknown name is refused with the nearest known names, and a term's number is checked") {
  Town t;
  using Catch::Matchers::EndsWith;
  using Catch::Matchers::StartsWith;
  CHECK_THAT(bind_error(t, "listd and marked"), StartsWith("column 1: unknown group 'listd'; nearest: listed, ") &&
                                                    EndsWith(". 'harmsim params' lists every group."));
  CHECK_THAT(bind_error(t, "marked and Listed"), StartsWith("column 12: unknown group 'Listed'; nearest: listed, "));
  CHECK(bind_error(t, "recent") == "column 1: 'recent' needs a number of weeks, e.g. recent(12).");
  CHECK(bind_error(t, "listed or marked(2)") == "column 11: 'marked' takes no number.");
  // A term only a service switched off publishes is refused with that reason.
  t.w.groups.close("waitlisted", "treatment");
  CHECK(bind_error(t, "listed and waitlisted") ==
        "column 12: 'waitlisted' is published by the service treatment, which is switched off in this scenario.");
  CHECK(bind_error(t, "listed and not (marked or recent(4))") == "no error");
}

TEST_CASE("eligibility over a population of many blocks gives what a direct reading gives, at any thread count") {
  // 100,003 agents: parallel_collect splits them into blocks of 16,384, tested by
  // different tasks; the result must be the same ascending list as a serial reading.
  World w;
  State<std::uint8_t>& flag = w.pop.declare<std::uint8_t>("test.flag", 0);
  Group& listed = w.groups.publish("listed", "listed", [&](const World&, AgentId a, double) { return flag[a] != 0; });
  w.pop.add(100003);
  w.step = 100 * kStepsPerYear;
  for (AgentId a = 0; a < 100003; ++a) {
    flag[a] = a % 7 == 3;
    w.pop.birth_step[a] = static_cast<std::int32_t>(w.step - (18 + a % 60) * kStepsPerYear);
    if (flag[a]) listed.push_back(a);
    if (a % 11 == 0) w.pop.die(a);
  }
  for (const std::string text : {"not listed and age < 40", "listed or age >= 70", "listed and female"}) {
    INFO(text);
    Eligibility e(text);
    e.bind(w.groups);
    std::vector<AgentId> direct;
    for (AgentId a = 0; a < 100003; ++a)
      if (w.pop.alive[a] && e(w, a)) direct.push_back(a);
    CHECK(e.members(w) == direct);
    CHECK(direct.size() > 1000);
  }
}
