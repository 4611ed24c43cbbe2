// A minimal test harness: TEST registers a case, CHECK records a failure and
// goes on, REQUIRE stops the case, SKIP ends it as skipped (the host cannot
// run it, e.g. only one CPU is allowed). The runner prints one line per case
// and a closing "N passed, N failed, N skipped" line.
#pragma once
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace schedcost::test {

struct Case {
  const char* name;
  std::function<void()> body;
};
std::vector<Case>& cases();
void recordFailure(const char* file, int line, const std::string& message);
struct RequireFailed {};
struct Skipped {
  std::string reason;
};

struct Registrar {
  Registrar(const char* name, std::function<void()> body) { cases().push_back(Case{name, std::move(body)}); }
};

}  // namespace schedcost::test

#define SC_CONCAT2(a, b) a##b
#define SC_CONCAT(a, b) SC_CONCAT2(a, b)
#define TEST(name)                                                                                               \
  static void SC_CONCAT(testBody_, __LINE__)();                                                                  \
  static ::schedcost::test::Registrar SC_CONCAT(testRegistrar_, __LINE__)(name, SC_CONCAT(testBody_, __LINE__)); \
  static void SC_CONCAT(testBody_, __LINE__)()

#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) ::schedcost::test::recordFailure(__FILE__, __LINE__, #cond); \
  } while (0)

#define CHECK_MSG(cond, msg)                                               \
  do {                                                                     \
    if (!(cond)) {                                                         \
      std::ostringstream sc_msg_;                                          \
      sc_msg_ << #cond << ": " << msg;                                     \
      ::schedcost::test::recordFailure(__FILE__, __LINE__, sc_msg_.str()); \
    }                                                                      \
  } while (0)

#define REQUIRE(cond)                                              \
  do {                                                             \
    if (!(cond)) {                                                 \
      ::schedcost::test::recordFailure(__FILE__, __LINE__, #cond); \
      throw ::schedcost::test::RequireFailed{};                    \
    }                                                              \
  } while (0)

#define SKIP(reason)                 \
  throw ::schedcost::test::Skipped { \
    reason                           \
  }

#define CHECK_THROWS_AS(expr, type)                                                                \
  do {                                                                                             \
    bool sc_thrown_ = false;                                                                       \
    try {                                                                                          \
      (void)(expr);                                                                                \
    } catch (const type&) {                                                                        \
      sc_thrown_ = true;                                                                           \
    } catch (...) {                                                                                \
    }                                                                                              \
    if (!sc_thrown_) ::schedcost::test::recordFailure(__FILE__, __LINE__, #expr " throws " #type); \
  } while (0)
