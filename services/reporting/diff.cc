// What changed between two collaboration updates (see diff.h): one pairing by key for every kind
// of item, one function per kind of block, the entries of a section collected in reading order,
// and the slip of a key date counted in the coarser precision of its two values.
#include "diff.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "bch/common/checks.h"
#include "bch/common/dated_value.h"
#include "bch/common/money.h"
#include "bch/common/period.h"
#include "printed.h"

namespace bch::reporting {
namespace {

namespace doc = update::v1;
using finance::v1::FinanceCell;
using projects::v1::DatePrecision;
using v1::ChangeKind;
using v1::ReportChange;

// --- Pairing by key ---------------------------------------------------------------------------

// One item of a pairing: both sides for an item in both, `before` null for an item that is new,
// `after` null for one that is gone.
template <typename Item>
struct Pair {
  const Item* before = nullptr;
  const Item* after = nullptr;
};

// Pairs the items of `base` and `target` by `key_of`, in diff order: the target's items in order,
// each with its base partner where it has one, then the base's unpaired items in base order.
// Items sharing a key pair in order of occurrence.
template <typename Range, typename KeyOf>
auto PairByKey(const Range& base, const Range& target, KeyOf key_of) {
  using Item = std::remove_cvref_t<decltype(*std::begin(base))>;
  using Key = std::remove_cvref_t<decltype(key_of(*std::begin(base)))>;
  std::map<Key, std::deque<const Item*>> unpaired;
  for (const Item& item : base) unpaired[key_of(item)].push_back(&item);
  std::set<const Item*> paired;
  std::vector<Pair<Item>> pairs;
  for (const Item& item : target) {
    std::deque<const Item*>& partners = unpaired[key_of(item)];
    const Item* partner = nullptr;
    if (!partners.empty()) {
      partner = partners.front();
      partners.pop_front();
      paired.insert(partner);
    }
    pairs.push_back({partner, &item});
  }
  for (const Item& item : base) {
    if (!paired.contains(&item)) pairs.push_back({&item, nullptr});
  }
  return pairs;
}

// Calls `added(after)`, `changed(before, after)` or `removed(before)` for each pair, in the order
// of PairByKey.
template <typename Range, typename KeyOf, typename Added, typename Changed, typename Removed>
void DiffByKey(const Range& base, const Range& target, KeyOf key_of, Added added, Changed changed,
               Removed removed) {
  for (const auto& [before, after] : PairByKey(base, target, key_of)) {
    if (before == nullptr) {
      added(*after);
    } else if (after == nullptr) {
      removed(*before);
    } else {
      changed(*before, *after);
    }
  }
}

// The side of a pair that is there: the target's where both are.
template <typename Item>
const Item& Present(const Pair<Item>& pair) {
  return pair.after != nullptr ? *pair.after : *pair.before;
}

// The item, or an empty one where the side has none (so that a new or gone item diffs as a
// change from or to nothing).
template <typename Item>
const Item& OrEmpty(const Item* item) {
  return item != nullptr ? *item : Item::default_instance();
}

// The key of a plain text item (a period label, a unit): the text itself.
constexpr auto kItself = [](const std::string& text) { return text; };

// --- The entries of a section -----------------------------------------------------------------

// What an entry is about: its subject (resource name or key) and its title as printed.
struct What {
  absl::string_view subject;
  absl::string_view title;
};

// A printed value in a sentence: "none" where there is none.
absl::string_view Shown(absl::string_view value) { return value.empty() ? "none" : value; }

// A field name in a sentence: "lead_force" reads "lead force".
std::string FieldWords(absl::string_view field) { return absl::StrReplaceAll(field, {{"_", " "}}); }

// A printed difference with its sign: "+0.220", "-3".
std::string Signed(bool positive, absl::string_view printed) {
  return absl::StrCat(positive ? "+" : "", printed);
}

// The entries of one section (or of the header, section ""), appended to the diff in the order
// they are added.
class ChangeList {
 public:
  ChangeList(std::vector<ReportChange>& out, absl::string_view section)
      : out_(out), section_(section) {}

  ReportChange& Add(ChangeKind kind, const What& what, absl::string_view field,
                    absl::string_view before, absl::string_view after, std::string description) {
    ReportChange& change = out_.emplace_back();
    change.set_kind(kind);
    change.set_section(section_);
    change.set_subject(std::string(what.subject));
    change.set_title(std::string(what.title));
    change.set_field(std::string(field));
    change.set_before(std::string(before));
    change.set_after(std::string(after));
    change.set_description(std::move(description));
    return change;
  }

  // Something new: "<title> added", the title in `after`.
  void Added(ChangeKind kind, const What& what) {
    Add(kind, what, "", "", what.title, absl::StrCat(what.title, " added"));
  }

  // Something gone: "<title> removed", the title in `before`.
  void Removed(ChangeKind kind, const What& what) {
    Add(kind, what, "", what.title, "", absl::StrCat(what.title, " removed"));
  }

  // A field that changed: "<title>: <field> changed from <before> to <after>".
  void Changed(ChangeKind kind, const What& what, absl::string_view field, absl::string_view before,
               absl::string_view after) {
    Add(kind, what, field, before, after,
        absl::StrCat(what.title, ": ", FieldWords(field), " changed from ", Shown(before), " to ",
                     Shown(after)));
  }

  // Changed, where the printed values differ.
  void Compare(ChangeKind kind, const What& what, absl::string_view field, absl::string_view before,
               absl::string_view after) {
    if (before != after) Changed(kind, what, field, before, after);
  }

  // A long text, where it differs: whole in `before` and `after`, "<title>: <field> changed".
  void CompareText(ChangeKind kind, const What& what, absl::string_view field,
                   absl::string_view before, absl::string_view after) {
    if (before == after) return;
    Add(kind, what, field, before, after,
        absl::StrCat(what.title, ": ", FieldWords(field), " changed"));
  }

 private:
  std::vector<ReportChange>& out_;
  std::string section_;
};

// --- Items that are added, removed or changed --------------------------------------------------

// A project row with the programme group it is printed under.
struct PlacedRow {
  const doc::ProjectRow* row;
  const doc::ProgrammeGroup* group;
};

// A governance body with the body it reports to (null at the top).
struct PlacedBody {
  const doc::GovernanceNode* node;
  const doc::GovernanceNode* parent;
};

What WhatOf(const PlacedRow& placed) { return {placed.row->project(), placed.row->title()}; }
What WhatOf(const doc::Area& area) { return {area.area(), area.title()}; }
What WhatOf(const doc::AgreementEntry& agreement) {
  return {agreement.agreement(), agreement.title()};
}
What WhatOf(const PlacedBody& placed) { return {placed.node->body(), placed.node->title()}; }
What WhatOf(const doc::RecommendationEntry& entry) {
  return {entry.recommendation(), entry.text()};
}
What WhatOf(const doc::RiskLine& risk) { return {risk.risk(), risk.title()}; }
What WhatOf(const doc::BenefitLine& line) { return {line.area(), line.title()}; }

// Pairs items by their subject: `added_kind` and `removed_kind` entries for what is new or gone,
// `changed(before, after)` for the rest.
template <typename Range, typename Changed>
void DiffEntries(const Range& base, const Range& target, ChangeKind added_kind,
                 ChangeKind removed_kind, ChangeList& changes, Changed changed) {
  DiffByKey(
      base, target, [](const auto& item) { return std::string(WhatOf(item).subject); },
      [&](const auto& item) { changes.Added(added_kind, WhatOf(item)); }, changed,
      [&](const auto& item) { changes.Removed(removed_kind, WhatOf(item)); });
}

// --- Header and sections ----------------------------------------------------------------------

void DiffHeaders(const doc::Header& before, const doc::Header& after, ChangeList& changes) {
  constexpr What kHeader{"", "Header"};
  constexpr ChangeKind kKind = v1::CHANGE_KIND_HEADER_CHANGED;
  changes.Compare(kKind, kHeader, "title", before.title(), after.title());
  changes.Compare(kKind, kHeader, "audience", before.audience(), after.audience());
  changes.Compare(kKind, kHeader, "author", before.author(), after.author());
  changes.Compare(kKind, kHeader, "date", PrintDate(before.date()), PrintDate(after.date()));
  changes.Compare(kKind, kHeader, "marking", before.marking(), after.marking());
  changes.Compare(kKind, kHeader, "report_series", before.report_series(), after.report_series());
  changes.Compare(kKind, kHeader, "alliance", before.alliance(), after.alliance());
  changes.Compare(kKind, kHeader, "force", before.force(), after.force());
}

// A section's standing text as one: each paragraph and each list item ("- item") a line.
std::string StandingText(const doc::Section& section) {
  std::vector<std::string> lines;
  for (const doc::Block& block : section.blocks()) {
    if (block.has_paragraph()) lines.push_back(block.paragraph().text());
    for (const std::string& item : block.list().items()) lines.push_back(absl::StrCat("- ", item));
  }
  return absl::StrJoin(lines, "\n");
}

std::string Completeness(const doc::Section& section) {
  return section.incomplete() ? "incomplete" : "complete";
}

// --- Project table ----------------------------------------------------------------------------

std::vector<PlacedRow> RowsOf(const doc::ProjectTable& table) {
  std::vector<PlacedRow> rows;
  for (const doc::ProgrammeGroup& group : table.programmes()) {
    for (const doc::ProjectRow& row : group.projects()) rows.push_back({&row, &group});
  }
  return rows;
}

// On a project, no rating means unrated.
projects::v1::DeliveryConfidence Rated(projects::v1::DeliveryConfidence rating) {
  return rating == projects::v1::DELIVERY_CONFIDENCE_UNSPECIFIED
             ? projects::v1::DELIVERY_CONFIDENCE_UNRATED
             : rating;
}

void DiffStates(const What& project, projects::v1::LifecycleState before,
                projects::v1::LifecycleState after, ChangeList& changes) {
  if (before == after) return;
  if (after == projects::v1::LIFECYCLE_STATE_LIVE) {
    changes.Add(v1::CHANGE_KIND_PROJECT_WENT_LIVE, project, "state", PrintState(before),
                PrintState(after), absl::StrCat(project.title, " went live"));
    return;
  }
  changes.Changed(v1::CHANGE_KIND_PROJECT_STATE_CHANGED, project, "state", PrintState(before),
                  PrintState(after));
}

// A key date of a paired row: achieved (`before` and `after` the printed dates), then moved.
void DiffKeyDates(absl::string_view project, const doc::KeyDate& before, const doc::KeyDate& after,
                  ChangeList& changes) {
  const What date{after.milestone(), after.title()};
  const std::string was = PrintDatedValue(before.date());
  const std::string is = PrintDatedValue(after.date());
  if (after.achieved() && !before.achieved()) {
    changes.Add(v1::CHANGE_KIND_DATE_ACHIEVED, date, "achieved", was, is,
                absl::StrCat(project, ": ", after.title(), " achieved (", Shown(is), ")"));
  }
  if (was == is) return;
  const v1::Slip slip = SlipBetween(before.date(), after.date());
  std::string description =
      absl::StrCat(project, ": ", after.title(), " moved from ", Shown(was), " to ", Shown(is));
  if (!slip.text().empty()) absl::StrAppend(&description, " (", slip.text(), ")");
  *changes.Add(v1::CHANGE_KIND_DATE_MOVED, date, "date", was, is, std::move(description))
       .mutable_slip() = slip;
}

// A paired row: state, title, programme, lead force, update, rating, then its key dates.
void DiffRows(const PlacedRow& before, const PlacedRow& after, ChangeList& changes) {
  const doc::ProjectRow& was = *before.row;
  const doc::ProjectRow& is = *after.row;
  const What project = WhatOf(after);
  constexpr ChangeKind kChanged = v1::CHANGE_KIND_PROJECT_CHANGED;
  DiffStates(project, was.state(), is.state(), changes);
  changes.Compare(kChanged, project, "title", was.title(), is.title());
  if (before.group->programme() != after.group->programme()) {
    changes.Changed(kChanged, project, "programme", before.group->title(), after.group->title());
  }
  changes.Compare(kChanged, project, "lead_force", was.lead_force(), is.lead_force());
  changes.CompareText(v1::CHANGE_KIND_UPDATE_CHANGED, project, "update", was.update(), is.update());
  changes.Compare(v1::CHANGE_KIND_RATING_CHANGED, project, "rating",
                  PrintRating(Rated(was.rating())), PrintRating(Rated(is.rating())));
  DiffByKey(
      was.key_dates(), is.key_dates(), [](const doc::KeyDate& date) { return date.milestone(); },
      [&](const doc::KeyDate& date) {
        const std::string printed = PrintDatedValue(date.date());
        changes.Add(v1::CHANGE_KIND_DATE_ADDED, {date.milestone(), date.title()}, "date", "",
                    printed,
                    absl::StrCat(is.title(), ": ", date.title(), " added (", Shown(printed), ")"));
      },
      [&](const doc::KeyDate& from, const doc::KeyDate& to) {
        DiffKeyDates(is.title(), from, to, changes);
      },
      [&](const doc::KeyDate& date) {
        changes.Add(v1::CHANGE_KIND_DATE_REMOVED, {date.milestone(), date.title()}, "date",
                    PrintDatedValue(date.date()), "",
                    absl::StrCat(is.title(), ": ", date.title(), " removed"));
      });
}

void DiffProjectTables(const doc::ProjectTable& before, const doc::ProjectTable& after,
                       ChangeList& changes) {
  DiffEntries(RowsOf(before), RowsOf(after), v1::CHANGE_KIND_PROJECT_ADDED,
              v1::CHANGE_KIND_PROJECT_REMOVED, changes,
              [&](const PlacedRow& was, const PlacedRow& is) { DiffRows(was, is, changes); });
}

// --- Finance tables ---------------------------------------------------------------------------

const FinanceCell& CellAt(const doc::FinanceRow& row, int column) {
  return column < row.cells_size() ? row.cells(column) : FinanceCell::default_instance();
}

// The column headed `period`; nullopt where the table has none.
std::optional<int> ColumnOf(const doc::FinanceTable& table, absl::string_view period) {
  for (int column = 0; column < table.periods_size(); ++column) {
    if (table.periods(column) == period) return column;
  }
  return std::nullopt;
}

// A difference of money, signed, in £m as the table prints it ("+0.220"), or in pounds and pence
// where that shows no change ("+£8.03").
std::string PrintDifference(absl::int128 pence, const google::type::Money& difference) {
  const std::string millions = PrintMillions(difference);
  if (millions != "0.000" && millions != "-0.000") return Signed(pence > 0, millions);
  const auto small = static_cast<int64_t>(pence);  // under £500: it printed as 0.000
  return absl::StrCat(small > 0 ? "+£" : "-£", common::FormatPounds(small > 0 ? small : -small));
}

// A cell (or total) whose printed value or amount changed, with the exact difference where both
// amounts are known: "Spend 2017/18: 37.280 to 37.500 (+0.220)".
void CompareCells(const What& row, absl::string_view field, const FinanceCell& before,
                  const FinanceCell& after, ChangeList& changes) {
  const std::string was = PrintCell(before);
  const std::string is = PrintCell(after);
  const std::optional<int64_t> from = PenceOf(before);
  const std::optional<int64_t> to = PenceOf(after);
  if (was == is && from == to) return;
  std::string description =
      absl::StrCat(row.title, " ", field, ": ", Shown(was), " to ", Shown(is));
  if (!from || !to) {
    changes.Add(v1::CHANGE_KIND_FIGURE_CHANGED, row, field, was, is, std::move(description));
    return;
  }
  const absl::int128 pence = absl::int128(*to) - *from;
  const google::type::Money difference = common::MoneyFromSum(pence);
  absl::StrAppend(&description, " (", PrintDifference(pence, difference), ")");
  *changes.Add(v1::CHANGE_KIND_FIGURE_CHANGED, row, field, was, is, std::move(description))
       .mutable_difference() = difference;
}

// The cells of a paired row in the target's column order (columns only one side has are
// reported as columns), then its total.
void DiffFinanceRows(const doc::FinanceTable& base_table, const doc::FinanceRow& before,
                     const doc::FinanceTable& target_table, const doc::FinanceRow& after,
                     ChangeList& changes) {
  const What row{after.key(), after.label()};
  for (int column = 0; column < target_table.periods_size(); ++column) {
    const std::string& period = target_table.periods(column);
    if (const std::optional<int> base_column = ColumnOf(base_table, period)) {
      CompareCells(row, period, CellAt(before, *base_column), CellAt(after, column), changes);
    }
  }
  CompareCells(row, "Total", before.total(), after.total(), changes);
}

// New columns, then the rows in order (new or changed), then the rows and columns that are gone.
void DiffFinanceTables(const doc::FinanceTable& before, const doc::FinanceTable& after,
                       ChangeList& changes) {
  constexpr ChangeKind kKind = v1::CHANGE_KIND_FINANCE_ROWS_CHANGED;
  const std::string& caption = after.caption().empty() ? before.caption() : after.caption();
  const auto periods = PairByKey(before.periods(), after.periods(), kItself);
  for (const auto& [was, is] : periods) {
    if (was == nullptr) {
      changes.Add(kKind, {*is, *is}, "period", "", *is,
                  absl::StrCat(caption, ": column ", *is, " added"));
    }
  }
  DiffByKey(
      before.rows(), after.rows(), [](const doc::FinanceRow& row) { return row.key(); },
      [&](const doc::FinanceRow& row) {
        changes.Add(kKind, {row.key(), row.label()}, "row", "", row.label(),
                    absl::StrCat(caption, ": row ", row.label(), " added"));
      },
      [&](const doc::FinanceRow& was, const doc::FinanceRow& is) {
        DiffFinanceRows(before, was, after, is, changes);
      },
      [&](const doc::FinanceRow& row) {
        changes.Add(kKind, {row.key(), row.label()}, "row", row.label(), "",
                    absl::StrCat(caption, ": row ", row.label(), " removed"));
      });
  for (const auto& [was, is] : periods) {
    if (is == nullptr) {
      changes.Add(kKind, {*was, *was}, "period", *was, "",
                  absl::StrCat(caption, ": column ", *was, " removed"));
    }
  }
}

// --- Areas, agreements, governance, recommendations -------------------------------------------

std::string Joined(const google::protobuf::RepeatedPtrField<std::string>& items) {
  return absl::StrJoin(items, ", ");
}

void DiffAreas(const doc::Area& before, const doc::Area& after, ChangeList& changes) {
  const What area = WhatOf(after);
  changes.Compare(v1::CHANGE_KIND_AREA_CHANGED, area, "title", before.title(), after.title());
  changes.Compare(v1::CHANGE_KIND_AREA_CHANGED, area, "lead_forces", Joined(before.lead_forces()),
                  Joined(after.lead_forces()));
  DiffByKey(
      before.units(), after.units(), kItself,
      [&](const std::string& unit) {
        changes.Add(v1::CHANGE_KIND_UNIT_ADDED, area, "units", "", unit,
                    absl::StrCat(after.title(), ": unit ", unit, " added"));
      },
      [](const std::string&, const std::string&) {},
      [&](const std::string& unit) {
        changes.Add(v1::CHANGE_KIND_UNIT_REMOVED, area, "units", unit, "",
                    absl::StrCat(after.title(), ": unit ", unit, " removed"));
      });
}

void DiffAgreements(const doc::AgreementEntry& before, const doc::AgreementEntry& after,
                    ChangeList& changes) {
  const What agreement = WhatOf(after);
  constexpr ChangeKind kKind = v1::CHANGE_KIND_AGREEMENT_CHANGED;
  changes.Compare(kKind, agreement, "title", before.title(), after.title());
  changes.Compare(kKind, agreement, "kind", before.kind(), after.kind());
  changes.Compare(kKind, agreement, "parties", Joined(before.parties()), Joined(after.parties()));
  changes.Compare(kKind, agreement, "commencement_date", PrintDate(before.commencement_date()),
                  PrintDate(after.commencement_date()));
  changes.Compare(kKind, agreement, "objective", before.objective(), after.objective());
}

void Flatten(const google::protobuf::RepeatedPtrField<doc::GovernanceNode>& nodes,
             const doc::GovernanceNode* parent, std::vector<PlacedBody>& out) {
  for (const doc::GovernanceNode& node : nodes) {
    out.push_back({&node, parent});
    Flatten(node.reports(), &node, out);
  }
}

// Every body of the tree, each before the bodies reporting to it.
std::vector<PlacedBody> BodiesOf(const doc::GovernanceTree& tree) {
  std::vector<PlacedBody> bodies;
  Flatten(tree.roots(), nullptr, bodies);
  return bodies;
}

absl::string_view ParentOf(const PlacedBody& placed) {
  return placed.parent != nullptr ? absl::string_view(placed.parent->body()) : "";
}

absl::string_view ParentTitleOf(const PlacedBody& placed) {
  return placed.parent != nullptr ? absl::string_view(placed.parent->title()) : "top";
}

// A paired body: its name and chair, then where it reports.
void DiffBodies(const PlacedBody& before, const PlacedBody& after, ChangeList& changes) {
  const What body = WhatOf(after);
  const doc::GovernanceNode& was = *before.node;
  const doc::GovernanceNode& is = *after.node;
  changes.Compare(v1::CHANGE_KIND_BODY_CHANGED, body, "title", was.title(), is.title());
  changes.Compare(v1::CHANGE_KIND_BODY_CHANGED, body, "chair", was.chair(), is.chair());
  if (ParentOf(before) == ParentOf(after)) return;
  changes.Add(v1::CHANGE_KIND_BODY_MOVED, body, "parent", ParentTitleOf(before),
              ParentTitleOf(after),
              absl::StrCat(is.title(), " moved from ", ParentTitleOf(before), " to ",
                           ParentTitleOf(after)));
}

void DiffRecommendations(const doc::RecommendationEntry& before,
                         const doc::RecommendationEntry& after, ChangeList& changes) {
  const What recommendation = WhatOf(after);
  constexpr ChangeKind kKind = v1::CHANGE_KIND_RECOMMENDATION_CHANGED;
  changes.Compare(kKind, recommendation, "status", PrintStatus(before.status()),
                  PrintStatus(after.status()));
  changes.Compare(kKind, recommendation, "text", before.text(), after.text());
  changes.Compare(kKind, recommendation, "owner", before.owner(), after.owner());
  changes.Compare(kKind, recommendation, "due_date", PrintDate(before.due_date()),
                  PrintDate(after.due_date()));
}

// --- Register summary and highlights ----------------------------------------------------------

// A count that changed: "Open risks: 12 to 14 (+2)".
void CompareCount(absl::string_view field, absl::string_view title, int before, int after,
                  ChangeList& changes) {
  if (before == after) return;
  changes.Add(v1::CHANGE_KIND_REGISTER_COUNT_CHANGED, {"", title}, field, absl::StrCat(before),
              absl::StrCat(after),
              absl::StrCat(title, ": ", before, " to ", after, " (",
                           Signed(after > before, absl::StrCat(after - before)), ")"));
}

void DiffRiskCounts(const doc::RegisterSummary& before, const doc::RegisterSummary& after,
                    ChangeList& changes) {
  const auto level_and_band = [](const governance::v1::RiskCount& count) {
    return std::pair(static_cast<int>(count.level()), static_cast<int>(count.band()));
  };
  for (const auto& pair : PairByKey(before.risk_counts(), after.risk_counts(), level_and_band)) {
    const governance::v1::RiskCount& present = Present(pair);
    const std::string label =
        absl::StrCat(PrintLevel(present.level()), "/", PrintBand(present.band()));
    CompareCount(label, absl::StrCat(label, " risks"), OrEmpty(pair.before).count(),
                 OrEmpty(pair.after).count(), changes);
  }
}

// A benefit line's count and values; a line on one side only compares with an empty line.
void DiffBenefits(const doc::RegisterSummary& before, const doc::RegisterSummary& after,
                  ChangeList& changes) {
  constexpr ChangeKind kKind = v1::CHANGE_KIND_BENEFITS_CHANGED;
  const auto area = [](const doc::BenefitLine& line) { return line.area(); };
  for (const auto& pair : PairByKey(before.benefits(), after.benefits(), area)) {
    const What line = WhatOf(Present(pair));
    const doc::BenefitLine& was = OrEmpty(pair.before);
    const doc::BenefitLine& is = OrEmpty(pair.after);
    changes.Compare(kKind, line, "benefits", absl::StrCat(was.benefits()),
                    absl::StrCat(is.benefits()));
    changes.Compare(kKind, line, "expected", PrintMillions(was.expected()),
                    PrintMillions(is.expected()));
    changes.Compare(kKind, line, "realised", PrintMillions(was.realised()),
                    PrintMillions(is.realised()));
  }
}

// In the summary's order: open risks, counts by level and band, top risks, overdue reviews,
// benefits.
void DiffRegisterSummaries(const doc::RegisterSummary& before, const doc::RegisterSummary& after,
                           ChangeList& changes) {
  CompareCount("open_risks", "Open risks", before.open_risks(), after.open_risks(), changes);
  DiffRiskCounts(before, after, changes);
  DiffEntries(before.top_risks(), after.top_risks(), v1::CHANGE_KIND_RISK_ADDED,
              v1::CHANGE_KIND_RISK_REMOVED, changes,
              [&](const doc::RiskLine& was, const doc::RiskLine& is) {
                const What risk = WhatOf(is);
                changes.Compare(v1::CHANGE_KIND_RISK_CHANGED, risk, "residual_score",
                                absl::StrCat(was.residual_score()),
                                absl::StrCat(is.residual_score()));
                changes.Compare(v1::CHANGE_KIND_RISK_CHANGED, risk, "band", PrintBand(was.band()),
                                PrintBand(is.band()));
              });
  CompareCount("overdue_reviews", "Overdue reviews", before.overdue_reviews(),
               after.overdue_reviews(), changes);
  DiffBenefits(before, after, changes);
}

// --- Blocks -----------------------------------------------------------------------------------

// What pairs a block with its counterpart: its kind, and for a finance table its owner and
// caption, for a recommendation list its review.
std::string BlockKey(const doc::Block& block) {
  const int kind = static_cast<int>(block.content_case());
  if (block.has_finance_table()) {
    return absl::StrCat(kind, "/", block.finance_table().owner(), "/",
                        block.finance_table().caption());
  }
  if (block.has_recommendations()) return absl::StrCat(kind, "/", block.recommendations().review());
  return absl::StrCat(kind);
}

// Two blocks of one kind; either may be empty (a block that is new or gone).
void DiffBlocks(const doc::Block& before, const doc::Block& after, ChangeList& changes) {
  const doc::Block::ContentCase kind = after.content_case() != doc::Block::CONTENT_NOT_SET
                                           ? after.content_case()
                                           : before.content_case();
  switch (kind) {
    case doc::Block::kProjectTable:
      return DiffProjectTables(before.project_table(), after.project_table(), changes);
    case doc::Block::kFinanceTable:
      return DiffFinanceTables(before.finance_table(), after.finance_table(), changes);
    case doc::Block::kAreas:
      return DiffEntries(
          before.areas().areas(), after.areas().areas(), v1::CHANGE_KIND_AREA_ADDED,
          v1::CHANGE_KIND_AREA_REMOVED, changes,
          [&](const doc::Area& was, const doc::Area& is) { DiffAreas(was, is, changes); });
    case doc::Block::kAgreements:
      return DiffEntries(before.agreements().agreements(), after.agreements().agreements(),
                         v1::CHANGE_KIND_AGREEMENT_ADDED, v1::CHANGE_KIND_AGREEMENT_REMOVED,
                         changes,
                         [&](const doc::AgreementEntry& was, const doc::AgreementEntry& is) {
                           DiffAgreements(was, is, changes);
                         });
    case doc::Block::kGovernanceModel:
      return DiffEntries(
          BodiesOf(before.governance_model()), BodiesOf(after.governance_model()),
          v1::CHANGE_KIND_BODY_ADDED, v1::CHANGE_KIND_BODY_REMOVED, changes,
          [&](const PlacedBody& was, const PlacedBody& is) { DiffBodies(was, is, changes); });
    case doc::Block::kRecommendations:
      return DiffEntries(
          before.recommendations().recommendations(), after.recommendations().recommendations(),
          v1::CHANGE_KIND_RECOMMENDATION_ADDED, v1::CHANGE_KIND_RECOMMENDATION_REMOVED, changes,
          [&](const doc::RecommendationEntry& was, const doc::RecommendationEntry& is) {
            DiffRecommendations(was, is, changes);
          });
    case doc::Block::kRegisterSummary:
      return DiffRegisterSummaries(before.register_summary(), after.register_summary(), changes);
    case doc::Block::kHighlights:
      changes.CompareText(v1::CHANGE_KIND_HIGHLIGHTS_CHANGED, {"", "Highlights"}, "since",
                          PrintDate(before.highlights().since()),
                          PrintDate(after.highlights().since()));
      return changes.CompareText(v1::CHANGE_KIND_HIGHLIGHTS_CHANGED, {"", "Highlights"}, "items",
                                 absl::StrJoin(before.highlights().items(), "\n"),
                                 absl::StrJoin(after.highlights().items(), "\n"));
    case doc::Block::kParagraph:
    case doc::Block::kList:
    case doc::Block::CONTENT_NOT_SET:
      return;  // standing text: compared for the section as a whole (DiffSections)
  }
}

// A paired section: its title, standing text and completeness, then its blocks in order.
void DiffSections(const doc::Section& before, const doc::Section& after, ChangeList& changes) {
  const What section{after.id(), after.title()};
  constexpr ChangeKind kKind = v1::CHANGE_KIND_TEXT_CHANGED;
  changes.Compare(kKind, section, "title", before.title(), after.title());
  changes.CompareText(kKind, section, "text", StandingText(before), StandingText(after));
  if (before.incomplete() != after.incomplete()) {
    changes.Add(kKind, section, "complete", Completeness(before), Completeness(after),
                absl::StrCat(after.title(), ": section now ", Completeness(after)));
  }
  for (const auto& pair : PairByKey(before.blocks(), after.blocks(), BlockKey)) {
    DiffBlocks(OrEmpty(pair.before), OrEmpty(pair.after), changes);
  }
}

// --- Slip -------------------------------------------------------------------------------------

// Precisions from fine to coarse; a year and a financial year rank alike; 0 for none.
int Rank(DatePrecision precision) {
  switch (precision) {
    case projects::v1::DATE_PRECISION_DAY:
      return 1;
    case projects::v1::DATE_PRECISION_MONTH:
      return 2;
    case projects::v1::DATE_PRECISION_SEASON:
      return 3;
    case projects::v1::DATE_PRECISION_YEAR:
    case projects::v1::DATE_PRECISION_FINANCIAL_YEAR:
      return 4;
    default:
      return 0;
  }
}

// The coarser of two precisions; a year beside a financial year gives the year.
DatePrecision CoarserOf(DatePrecision a, DatePrecision b) {
  if (Rank(a) != Rank(b)) return Rank(a) > Rank(b) ? a : b;
  return a == b ? a : projects::v1::DATE_PRECISION_YEAR;
}

// The day a value is compared on: the last day of its period, or the first where `open_ended`.
std::optional<absl::CivilDay> ComparedDay(const projects::v1::DatedValue& value, bool open_ended) {
  return open_ended ? common::ValidDay(value.has_period_start(), value.period_start())
                    : common::ValidDay(value.has_period_end(), value.period_end());
}

// `day` counted in `unit`s. Seasons are meteorological (spring is March to May), so December
// counts with the winter of the following January and February.
int64_t Ordinal(absl::CivilDay day, DatePrecision unit) {
  const int64_t months = day.year() * 12 + day.month() - 1;
  switch (unit) {
    case projects::v1::DATE_PRECISION_DAY:
      return day - absl::CivilDay(1970, 1, 1);
    case projects::v1::DATE_PRECISION_MONTH:
      return months;
    case projects::v1::DATE_PRECISION_SEASON:
      return (months - 2) / 3;  // years >= 1900: positive
    case projects::v1::DATE_PRECISION_FINANCIAL_YEAR:
      return common::FinancialYearOf(day).first_year;
    default:
      return day.year();  // DATE_PRECISION_YEAR
  }
}

std::string UnitWords(DatePrecision unit, bool plural) {
  absl::string_view word = "year";
  switch (unit) {
    case projects::v1::DATE_PRECISION_DAY:
      word = "day";
      break;
    case projects::v1::DATE_PRECISION_MONTH:
      word = "month";
      break;
    case projects::v1::DATE_PRECISION_SEASON:
      word = "season";
      break;
    case projects::v1::DATE_PRECISION_FINANCIAL_YEAR:
      word = "financial year";
      break;
    default:
      break;
  }
  return absl::StrCat(word, plural ? "s" : "");
}

// "1 season later", "3 days earlier", "no change in months".
std::string SlipText(int64_t amount, DatePrecision unit) {
  if (amount == 0) return absl::StrCat("no change in ", UnitWords(unit, true));
  const uint64_t units = common::Magnitude(amount);
  return absl::StrCat(units, " ", UnitWords(unit, units != 1), amount > 0 ? " later" : " earlier");
}

// A key date with its structured fields: as given, or read from its words ("Autumn 2018") where
// it gives only those; as given where the words do not parse.
projects::v1::DatedValue Structured(const projects::v1::DatedValue& value) {
  if (value.precision() != projects::v1::DATE_PRECISION_UNSPECIFIED || value.text().empty()) {
    return value;
  }
  absl::StatusOr<common::DatedValue> read = common::ParseDatedValue(value.text());
  return read.ok() ? common::DatedValueToProto(*read) : value;
}

}  // namespace

std::vector<v1::ReportChange> DiffDocuments(const update::v1::CollaborationUpdate& base,
                                            const update::v1::CollaborationUpdate& target) {
  std::vector<ReportChange> diff;
  ChangeList header(diff, "");
  DiffHeaders(base.header(), target.header(), header);
  for (const auto& pair : PairByKey(base.sections(), target.sections(),
                                    [](const doc::Section& s) { return s.id(); })) {
    const doc::Section& present = Present(pair);
    const What section{present.id(), present.title()};
    ChangeList changes(diff, present.id());
    if (pair.before == nullptr) {
      changes.Add(v1::CHANGE_KIND_SECTION_ADDED, section, "", "", present.title(),
                  absl::StrCat("Section ", present.title(), " added"));
    } else if (pair.after == nullptr) {
      changes.Add(v1::CHANGE_KIND_SECTION_REMOVED, section, "", present.title(), "",
                  absl::StrCat("Section ", present.title(), " removed"));
    } else {
      DiffSections(*pair.before, *pair.after, changes);
    }
  }
  return diff;
}

v1::Slip SlipBetween(const projects::v1::DatedValue& given_before,
                     const projects::v1::DatedValue& given_after) {
  const projects::v1::DatedValue before = Structured(given_before);
  const projects::v1::DatedValue after = Structured(given_after);
  v1::Slip slip;
  const bool open_ended = before.qualifier() == projects::v1::DATE_QUALIFIER_NOT_BEFORE ||
                          after.qualifier() == projects::v1::DATE_QUALIFIER_NOT_BEFORE;
  const std::optional<absl::CivilDay> from = ComparedDay(before, open_ended);
  const std::optional<absl::CivilDay> to = ComparedDay(after, open_ended);
  if (Rank(before.precision()) == 0 || Rank(after.precision()) == 0 || !from || !to) return slip;
  const DatePrecision unit = CoarserOf(before.precision(), after.precision());
  slip.set_unit(unit);
  slip.set_amount(Ordinal(*to, unit) - Ordinal(*from, unit));
  slip.set_text(SlipText(slip.amount(), unit));
  return slip;
}

}  // namespace bch::reporting
