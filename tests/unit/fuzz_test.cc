// Randomised input for the projects service's validators and dated-value parser: date words
// from the values' grammar (numbers in and out of range, characters changed) and from a soup of
// tokens and stray bytes, structured projects with random fields, and random bytes decoded as
// requests. Fixed seeds keep every run the same and each loop is bounded.
// Properties: nothing crashes; every answer is OK or INVALID_ARGUMENT naming real fields; parsed
// words render to words that parse back to the same value.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bch/common/dated_value.h"
#include "bch/common/errors.h"
#include "validation.h"

namespace bch::projects {

using common::CheckDatedValue;
using common::ParseDatedValue;
using common::RenderDatedValue;
namespace {

constexpr int kIterations = 20000;

class Soup final {
 public:
  explicit Soup(uint64_t seed) : random_(seed) {}

  int Int(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[Int(0, static_cast<int>(from.size()) - 1)];
  }

  // Words a person might write for a date: half from the grammar of dated values with numbers
  // in and out of range, a quarter of those with one character changed; the rest token soup
  // with stray bytes (valid UTF-8 or not).
  std::string DateWords() {
    static const std::vector<std::string> kQualifiers = {
        "", "", "not before ", "by ", "throughout ", "By ", "various dates throughout "};
    static const std::vector<std::string> kMonths = {
        "January", "February",  "March",   "April",    "May",      "June", "July",
        "August",  "September", "October", "November", "December", "feb",  "Sept"};
    static const std::vector<std::string> kSeasons = {"Spring", "Summer", "Autumn", "Winter",
                                                      "spring"};
    if (Int(0, 1)) {
      const int year = Int(0, 9) == 0 ? Int(-1, 10000) : Int(1990, 2030);
      std::string words = Pick(kQualifiers);
      switch (Int(0, 5)) {
        case 0:
          absl::StrAppend(&words, Int(0, 32), " ", Pick(kMonths), " ", year);
          break;
        case 1:
          absl::StrAppend(&words, Pick(kMonths), " ", year);
          break;
        case 2:
          absl::StrAppend(&words, Pick(kSeasons));
          for (int i = Int(0, 2); i > 0; --i) absl::StrAppend(&words, "/", Pick(kSeasons));
          absl::StrAppend(&words, " ", year);
          if (Int(0, 2) == 0) absl::StrAppend(&words, "/", (year + Int(0, 2)) % 100);
          break;
        case 3:
          absl::StrAppend(&words, year);
          break;
        case 4:
          absl::StrAppend(&words, year, "/", Int(0, 3) ? (year + 1) % 100 : Int(0, 2100));
          break;
        default:
          absl::StrAppend(&words, year, "-", Int(0, 13), "-", Int(0, 32));
      }
      if (Int(0, 3) == 0 && !words.empty()) {
        words[Int(0, static_cast<int>(words.size()) - 1)] = static_cast<char>(Int(32, 126));
      }
      return words;
    }
    static const std::vector<std::string> kTokens = {"Spring",
                                                     "Summer",
                                                     "Autumn",
                                                     "/",
                                                     "-",
                                                     " ",
                                                     "not before",
                                                     "by",
                                                     "throughout",
                                                     "December",
                                                     "Dec",
                                                     "2017",
                                                     "2018",
                                                     "0",
                                                     "-5",
                                                     "99999",
                                                     "14",
                                                     "29",
                                                     "31",
                                                     "32",
                                                     "13",
                                                     "2017/18",
                                                     "2017/19",
                                                     "FY",
                                                     "Q1",
                                                     "and",
                                                     ",",
                                                     "\t",
                                                     "\xE2\x82\xAC",
                                                     "\xC3\xA9",
                                                     "'; DROP TABLE milestones; --"};
    std::string words;
    for (int i = Int(0, 7); i > 0; --i) {
      if (Int(0, 20) == 0) {
        words += static_cast<char>(Int(0, 255));
      } else {
        words += Pick(kTokens);
      }
    }
    return words;
  }

  // Valid UTF-8 of `length` code points: mostly letters, some non-ASCII, rarely a control
  // character or SQL metacharacters.
  std::string Text(int length) {
    std::string text;
    for (int i = 0; i < length; ++i) {
      const int roll = Int(0, 999);
      if (roll < 2) {
        text += static_cast<char>(Int(0, 0x1F));
      } else if (roll < 20) {
        text += "\xC3\xA9";  // é
      } else if (roll < 30) {
        text += "\xE2\x82\xAC";  // €
      } else if (roll < 35) {
        text += '\'';
      } else {
        text += static_cast<char>('a' + Int(0, 25));
      }
    }
    return text;
  }

  // Mostly a well-formed name of `collection`, else one of many malformed or foreign ones.
  std::string Name(const std::string& collection) {
    static const std::vector<std::string> kOddNames = {"",
                                                       "forces/Cambridgeshire",
                                                       "forces/",
                                                       "forces/a-",
                                                       "forces/7",
                                                       "programmes/ops/extra",
                                                       "projects/../etc",
                                                       "projects/athena'; --",
                                                       "athena",
                                                       "/projects/athena",
                                                       "projects/" + std::string(64, 'a'),
                                                       "programmes/operational-support",
                                                       "forces/herts"};
    if (Int(0, 9) == 0) return Pick(kOddNames);
    return absl::StrCat(
        collection, "/",
        Pick(std::vector<std::string>{"athena", "able", "ict", std::string(63, 'a')}));
  }

  // A length: usually short, sometimes around or beyond `limit`.
  int Length(int limit) { return Int(0, 9) == 0 ? Int(limit - 5, limit + 5) : Int(1, 40); }

  v1::Project Project() {
    v1::Project p;
    p.set_title(Int(0, 20) == 0 ? "" : Text(Length(200)));
    if (Int(0, 1)) p.set_description(Text(Length(5000)));
    p.set_programme(Name("programmes"));
    p.set_lead_force(Name("forces"));
    for (int i = Int(0, 3); i > 0; --i) p.add_participating_forces(Name("forces"));
    if (Int(0, 1)) p.set_consortium_note(Text(Length(1000)));
    if (Int(0, 1)) p.set_parent(Name("projects"));
    p.set_state(static_cast<v1::LifecycleState>(Int(0, 9) == 0 ? Int(-2, 8) : Int(1, 5)));
    p.set_delivery_confidence(
        static_cast<v1::DeliveryConfidence>(Int(0, 9) == 0 ? Int(-2, 8) : Int(0, 6)));
    for (int i = Int(0, 2); i > 0; --i) {
      auto* dependency = p.add_dependencies();
      dependency->set_project(Name("projects"));
      dependency->set_reason(Text(Int(0, 30)));
    }
    p.set_display_order(Int(-1000, 1000));
    return p;
  }

  std::string Bytes(int length) {
    std::string bytes;
    for (int i = 0; i < length; ++i) bytes += static_cast<char>(Int(0, 255));
    return bytes;
  }

 private:
  std::mt19937_64 random_;
};

// The checks' answer must be OK or INVALID_ARGUMENT whose violations all name a field of
// `message` under `prefix` (e.g. "project.title", "project.dependencies[2].project").
void ExpectOkOrViolationsOfRealFields(const absl::Status& status,
                                      const google::protobuf::Descriptor& message,
                                      const std::string& prefix) {
  if (status.ok()) return;
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  const auto violations = common::FieldViolationsOf(status);
  ASSERT_FALSE(violations.empty()) << status;
  for (const auto& violation : violations) {
    ASSERT_TRUE(violation.field.starts_with(prefix)) << violation.field;
    const std::string rest = violation.field.substr(prefix.size());
    const std::string top = rest.substr(0, rest.find_first_of(".["));
    EXPECT_NE(message.FindFieldByName(top), nullptr) << violation.field;
    EXPECT_FALSE(violation.description.empty()) << violation.field;
  }
}

TEST(Fuzz, DateWordsParseToValuesWhoseWordsParseBackOrAreRefusedInWords) {
  Soup soup(20171214);
  int parsed = 0;
  for (int i = 0; i < kIterations; ++i) {
    const std::string words = soup.DateWords();
    const auto value = ParseDatedValue(words);
    if (!value.ok()) {
      ASSERT_EQ(value.status().code(), absl::StatusCode::kInvalidArgument) << words;
      ASSERT_FALSE(value.status().message().empty()) << words;
      continue;
    }
    ++parsed;
    ASSERT_TRUE(CheckDatedValue(*value).ok()) << words;
    if (value->earliest() && value->latest()) {
      ASSERT_LE(*value->earliest(), *value->latest()) << words;
    }
    const std::string rendered = RenderDatedValue(*value);
    const auto again = ParseDatedValue(rendered);
    ASSERT_TRUE(again.ok()) << words << " -> " << rendered;
    ASSERT_EQ(*again, *value) << words << " -> " << rendered;
  }
  EXPECT_GT(parsed, kIterations / 10) << "the grammar makes many real dates";
}

TEST(Fuzz, RandomProjectsAreValidOrRefusedOnRealFieldsTheSameWayEachTime) {
  Soup soup(43);
  const auto& fields = UpdatableProjectFields();
  int valid = 0;
  for (int i = 0; i < kIterations; ++i) {
    const v1::Project project = soup.Project();
    Violations first, second;
    CheckProject(first, project, fields, "projects/athena");
    CheckProject(second, project, fields, "projects/athena");
    const absl::Status status = std::move(first).ToStatus();
    ExpectOkOrViolationsOfRealFields(status, *v1::Project::descriptor(), "project.");
    ASSERT_EQ(status, std::move(second).ToStatus()) << "validation is deterministic";
    if (status.ok()) ++valid;

    // An independent statement of one rule: the title is required, at most 200 characters and
    // free of control characters.
    bool bad_title = project.title().empty();
    int characters = 0;
    for (unsigned char c : project.title()) {
      if ((c & 0xC0) != 0x80) ++characters;
      if (c < 0x20 || c == 0x7F) bad_title = true;
    }
    bad_title = bad_title || characters > 200;
    bool title_refused = false;
    for (const auto& violation : common::FieldViolationsOf(status)) {
      title_refused = title_refused || violation.field == "project.title";
    }
    ASSERT_EQ(title_refused, bad_title) << project.title();
  }
  EXPECT_GT(valid, 0) << "the generator also makes acceptable projects";
}

TEST(Fuzz, RandomBytesDecodedAsRequestsNeverUpsetTheChecks) {
  Soup soup(7);
  for (int i = 0; i < kIterations; ++i) {
    v1::CreateProjectRequest request;
    if (!request.ParseFromString(soup.Bytes(soup.Int(0, 64)))) continue;
    Violations v;
    CheckId(v, "project_id", request.project_id());
    CheckProject(v, request.project(), UpdatableProjectFields(),
                 absl::StrCat("projects/", request.project_id()));
    ExpectOkOrViolationsOfRealFields(std::move(v).ToStatus(),
                                     *v1::CreateProjectRequest::descriptor(), "");

    v1::Milestone milestone;
    if (!milestone.ParseFromString(soup.Bytes(soup.Int(0, 48)))) continue;
    Violations m;
    CheckMilestone(m, milestone, UpdatableMilestoneFields());
    ExpectOkOrViolationsOfRealFields(std::move(m).ToStatus(), *v1::Milestone::descriptor(),
                                     "milestone.");
  }
}

}  // namespace
}  // namespace bch::projects
