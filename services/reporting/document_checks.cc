// Input checks of the reporting service (see document_checks.h).
#include "document_checks.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/numeric/int128.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "bch/common/dated_value.h"
#include "bch/common/money.h"
#include "bch/common/pagination.h"
#include "bch/common/period.h"
#include "printed.h"

namespace bch::reporting {
namespace {

using common::Required;
using common::Violations;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr int kMaxSections = 50;
constexpr int kMaxDocumentSections = 100;
constexpr int kMaxItems = 100;
constexpr int kMaxPeriods = 20;
constexpr int kMaxMeasures = 100;
constexpr int kMaxScopes = 50;
constexpr int kMaxProgrammes = 100;
// What a paper's composition may call for: see the gateway's kMaxBackendCalls.
constexpr int kMaxContentCalls = 50;
constexpr size_t kMaxDocumentText = 20000;
// A series is read whole (and listed many to a page): its layout stays far below a message.
constexpr size_t kMaxLayoutBytes = 1 << 20;

// Each of `items` named once (a violation on the later of two the same).
void CheckUnique(Violations& v, const std::string& field,
                 const google::protobuf::RepeatedPtrField<std::string>& items) {
  absl::flat_hash_set<absl::string_view> seen;
  for (int i = 0; i < items.size(); ++i) {
    if (!seen.insert(items[i]).second) {
      v.Add(absl::StrCat(field, "[", i, "]"), absl::StrCat("\"", items[i], "\" is named twice"));
    }
  }
}

// Checks a finance table's settings, putting its periods into their canonical form.
void CheckFinanceSpec(Violations& v, const std::string& field, v1::ContentSpec& spec) {
  if (spec.periods().empty() || spec.periods_size() > kMaxPeriods) {
    v.Add(field + ".periods", absl::StrCat("a finance table needs 1 to ", kMaxPeriods, " periods"));
  }
  for (int i = 0; i < spec.periods_size(); ++i) {
    absl::StatusOr<common::Period> period =
        common::ParsePeriod(spec.periods(i), absl::StrCat(field, ".periods[", i, "]"));
    if (period.ok()) {
      *spec.mutable_periods(i) = common::FormatPeriod(*period);
    } else {
      v.AddFrom(period.status());
    }
  }
  CheckUnique(v, field + ".periods", spec.periods());
  CheckUnique(v, field + ".measures", spec.measures());
  CheckUnique(v, field + ".scopes", spec.scopes());
  if (spec.measures_size() > kMaxMeasures) {
    v.Add(field + ".measures", absl::StrCat("at most ", kMaxMeasures, " measures"));
  }
  for (int i = 0; i < spec.measures_size(); ++i) {
    common::CheckName(v, absl::StrCat(field, ".measures[", i, "]"), spec.measures(i), "measures",
                      Required::kYes);
  }
  if (spec.scopes_size() > kMaxScopes) {
    v.Add(field + ".scopes", absl::StrCat("at most ", kMaxScopes, " scopes"));
  }
  for (int i = 0; i < spec.scopes_size(); ++i) {
    common::CheckNameIn(v, absl::StrCat(field, ".scopes[", i, "]"), spec.scopes(i),
                        {"businessAreas", "programmes", "projects"}, Required::kYes);
  }
  common::CheckNameIn(v, field + ".owner", spec.owner(), {"forces", "alliances"}, Required::kNo);
}

void CheckContentSpec(Violations& v, const std::string& field, v1::ContentSpec& spec) {
  common::CheckEnumSet(v, field + ".kind", spec.kind());
  if (spec.kind() == v1::CONTENT_KIND_FINANCE_TABLE) {
    CheckFinanceSpec(v, field, spec);
  } else if (!spec.periods().empty() || !spec.measures().empty() || !spec.scopes().empty() ||
             !spec.owner().empty()) {
    v.Add(field, "periods, measures, scopes and owner are for a finance table only");
  }
  if (spec.kind() == v1::CONTENT_KIND_HIGHLIGHTS) {
    (void)common::CheckDate(v, field + ".since", spec.has_since(), spec.since(), Required::kNo);
  } else if (spec.has_since()) {
    v.Add(field + ".since", "is for highlights only");
  }
  if (spec.kind() != v1::CONTENT_KIND_PROJECT_TABLE && !spec.programmes().empty()) {
    v.Add(field + ".programmes", "are for a project table only");
  }
  if (spec.programmes_size() > kMaxProgrammes) {
    v.Add(field + ".programmes", absl::StrCat("at most ", kMaxProgrammes, " programmes"));
  }
  CheckUnique(v, field + ".programmes", spec.programmes());
  for (int i = 0; i < spec.programmes_size(); ++i) {
    common::CheckName(v, absl::StrCat(field, ".programmes[", i, "]"), spec.programmes(i),
                      "programmes", Required::kYes);
  }
}

void CheckLayoutItem(Violations& v, const std::string& field, v1::LayoutItem& item) {
  switch (item.item_case()) {
    case v1::LayoutItem::kParagraph:
      common::CheckText(v, field + ".paragraph.text", item.paragraph().text(), 10000,
                        Required::kYes, /*multiline=*/true);
      return;
    case v1::LayoutItem::kList:
      if (item.list().items().empty() || item.list().items_size() > kMaxItems) {
        v.Add(field + ".list.items", absl::StrCat("a list needs 1 to ", kMaxItems, " items"));
      }
      for (int i = 0; i < item.list().items_size(); ++i) {
        common::CheckText(v, absl::StrCat(field, ".list.items[", i, "]"), item.list().items(i),
                          2000, Required::kYes, /*multiline=*/true);
      }
      return;
    case v1::LayoutItem::kContent:
      CheckContentSpec(v, field + ".content", *item.mutable_content());
      return;
    case v1::LayoutItem::ITEM_NOT_SET:
      v.Add(field, "must be a paragraph, a list or content");
      return;
  }
}

void CheckLayout(Violations& v, v1::SeriesLayout& layout) {
  if (layout.sections().empty() || layout.sections_size() > kMaxSections) {
    v.Add("report_series.layout.sections",
          absl::StrCat("a layout needs 1 to ", kMaxSections, " sections"));
  }
  // Each slot costs its paper a backend call or more (a finance table one per scope).
  int calls = 0;
  for (const v1::SectionLayout& section : layout.sections()) {
    for (const v1::LayoutItem& item : section.items()) {
      if (item.has_content()) calls += std::max(1, item.content().scopes_size());
    }
  }
  if (calls > kMaxContentCalls) {
    v.Add("report_series.layout",
          absl::StrCat("its content slots (a finance table counting once per scope) number ", calls,
                       "; at most ", kMaxContentCalls));
  }
  absl::flat_hash_set<std::string> ids;
  for (int s = 0; s < layout.sections_size(); ++s) {
    v1::SectionLayout& section = *layout.mutable_sections(s);
    const std::string field = absl::StrCat("report_series.layout.sections[", s, "]");
    common::CheckId(v, field + ".id", section.id());
    if (!section.id().empty() && !ids.insert(section.id()).second) {
      v.Add(field + ".id", absl::StrCat("\"", section.id(), "\" names an earlier section too"));
    }
    common::CheckText(v, field + ".title", section.title(), 300, Required::kYes);
    if (section.items_size() > kMaxItems) {
      v.Add(field + ".items", absl::StrCat("at most ", kMaxItems, " items"));
    }
    for (int i = 0; i < section.items_size(); ++i) {
      CheckLayoutItem(v, absl::StrCat(field, ".items[", i, "]"), *section.mutable_items(i));
    }
  }
}

// Every string, date and amount anywhere under `message`, named by path.
void CheckValues(Violations& v, const std::string& path, const Message& message) {
  const auto* descriptor = message.GetDescriptor();
  if (descriptor == google::type::Date::descriptor()) {
    const auto& date = static_cast<const google::type::Date&>(message);
    if (date.ByteSizeLong() != 0) v.AddFrom(common::CivilDayFromDate(date, path).status());
    return;
  }
  if (descriptor == google::type::Money::descriptor()) {
    v.AddFrom(
        common::PenceFromMoney(static_cast<const google::type::Money&>(message), path).status());
    return;
  }
  const auto* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string field_path = path.empty() ? field->name() : path + "." + field->name();
    const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const std::string item_path =
          field->is_repeated() ? absl::StrCat(field_path, "[", i, "]") : field_path;
      if (field->type() == FieldDescriptor::TYPE_STRING) {
        const std::string text = field->is_repeated()
                                     ? reflection->GetRepeatedString(message, field, i)
                                     : reflection->GetString(message, field);
        common::CheckText(v, item_path, text, kMaxDocumentText, Required::kNo,
                          /*multiline=*/true);
      } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
        CheckValues(v, item_path,
                    field->is_repeated() ? reflection->GetRepeatedMessage(message, field, i)
                                         : reflection->GetMessage(message, field));
      }
    }
  }
}

// A cell's printed text, where it has an amount too, is that amount in £m.
void CheckCellText(Violations& v, const std::string& field, const finance::v1::FinanceCell& cell) {
  const std::optional<int64_t> pence = PenceOf(cell);
  if (!pence || cell.text().empty()) return;
  const std::string printed = common::FormatMillions(*pence);
  if (cell.text() != printed) {
    v.Add(field + ".text",
          absl::StrCat("\"", cell.text(), "\" is not its amount in £m (", printed, ")"));
  }
}

// A finance table as the paper prints it: its columns real periods, each named once; each row
// keyed once, with no more cells than columns, each cell's text its amount, and its total (where
// every cell is known) their sum.
void CheckFinanceTable(Violations& v, const std::string& field,
                       const update::v1::FinanceTable& table) {
  for (int i = 0; i < table.periods_size(); ++i) {
    v.AddFrom(
        common::ParsePeriod(table.periods(i), absl::StrCat(field, ".periods[", i, "]")).status());
  }
  CheckUnique(v, field + ".periods", table.periods());
  absl::flat_hash_set<absl::string_view> keys;
  for (int r = 0; r < table.rows_size(); ++r) {
    const update::v1::FinanceRow& row = table.rows(r);
    const std::string row_field = absl::StrCat(field, ".rows[", r, "]");
    if (!keys.insert(row.key()).second) {
      v.Add(row_field + ".key", absl::StrCat("\"", row.key(), "\" keys an earlier row too"));
    }
    if (row.cells_size() > table.periods_size()) {
      v.Add(row_field + ".cells",
            absl::StrCat(row.cells_size(), " cells for ", table.periods_size(), " periods"));
    }
    absl::int128 sum = 0;
    bool every_cell_known = row.cells_size() == table.periods_size();
    for (int c = 0; c < row.cells_size(); ++c) {
      CheckCellText(v, absl::StrCat(row_field, ".cells[", c, "]"), row.cells(c));
      const std::optional<int64_t> pence = PenceOf(row.cells(c));
      every_cell_known = every_cell_known && pence.has_value();
      sum += pence.value_or(0);
    }
    CheckCellText(v, row_field + ".total", row.total());
    const std::optional<int64_t> total = PenceOf(row.total());
    if (total && every_cell_known && absl::int128(*total) != sum) {
      v.Add(row_field + ".total", "is not the sum of the row's cells");
    }
  }
}

// Each key date is a dated value the projects API would accept: its words parse, its period is
// one real period of its precision, and where both are given they say the same.
void CheckProjectTable(Violations& v, const std::string& field,
                       const update::v1::ProjectTable& table) {
  for (int g = 0; g < table.programmes_size(); ++g) {
    for (int p = 0; p < table.programmes(g).projects_size(); ++p) {
      const update::v1::ProjectRow& row = table.programmes(g).projects(p);
      for (int k = 0; k < row.key_dates_size(); ++k) {
        const projects::v1::DatedValue& date = row.key_dates(k).date();
        if (common::IsEmpty(date)) continue;
        v.AddFrom(
            common::DatedValueFromProto(date, absl::StrCat(field, ".programmes[", g, "].projects[",
                                                           p, "].key_dates[", k, "].date"))
                .status());
      }
    }
  }
}

}  // namespace

const std::set<std::string>& UpdatableReportSeriesFields() {
  static const auto* const kFields = new std::set<std::string>{
      "title", "audience", "author", "alliance", "force", "marking", "layout"};
  return *kFields;
}

void CheckReportSeries(Violations& v, v1::ReportSeries& series, const std::set<std::string>& fields,
                       const std::vector<std::string>&) {
  const std::pair<const char*, std::pair<const std::string*, size_t>> texts[] = {
      {"title", {&series.title(), 300}},
      {"audience", {&series.audience(), 200}},
      {"author", {&series.author(), 200}},
      {"marking", {&series.marking(), 100}}};
  for (const auto& [name, text] : texts) {
    if (!fields.contains(name)) continue;
    common::CheckText(v, absl::StrCat("report_series.", name), *text.first, text.second,
                      std::string(name) == "title" ? Required::kYes : Required::kNo);
  }
  if (fields.contains("alliance")) {
    common::CheckName(v, "report_series.alliance", series.alliance(), "alliances", Required::kNo);
  }
  if (fields.contains("force")) {
    common::CheckName(v, "report_series.force", series.force(), "forces", Required::kNo);
  }
  if (fields.contains("layout")) {
    CheckLayout(v, *series.mutable_layout());
    if (series.layout().ByteSizeLong() > kMaxLayoutBytes) {
      v.Add("report_series.layout", absl::StrCat("is ", series.layout().ByteSizeLong(),
                                                 " bytes serialised; at most ", kMaxLayoutBytes));
    }
  }
}

void CheckDocument(Violations& v, const std::string& field,
                   const update::v1::CollaborationUpdate& document) {
  CheckValues(v, field, document);
  common::CheckName(v, field + ".header.report_series", document.header().report_series(),
                    "reportSeries", Required::kNo);
  common::CheckName(v, field + ".header.alliance", document.header().alliance(), "alliances",
                    Required::kNo);
  common::CheckName(v, field + ".header.force", document.header().force(), "forces", Required::kNo);
  if (document.ByteSizeLong() > common::kMaxResponseItemBytes) {
    v.Add(field, absl::StrCat("is ", document.ByteSizeLong(), " bytes serialised; at most ",
                              common::kMaxResponseItemBytes));
  }
  if (document.sections().empty() || document.sections_size() > kMaxDocumentSections) {
    v.Add(field + ".sections",
          absl::StrCat("a document needs 1 to ", kMaxDocumentSections, " sections"));
  }
  absl::flat_hash_set<std::string> ids;
  for (int s = 0; s < document.sections_size(); ++s) {
    const update::v1::Section& section = document.sections(s);
    const std::string section_field = absl::StrCat(field, ".sections[", s, "]");
    common::CheckId(v, section_field + ".id", section.id());
    if (!section.id().empty() && !ids.insert(section.id()).second) {
      v.Add(section_field + ".id",
            absl::StrCat("\"", section.id(), "\" names an earlier section too"));
    }
    common::CheckText(v, section_field + ".title", section.title(), 300, Required::kYes);
    for (int b = 0; b < section.blocks_size(); ++b) {
      const update::v1::Block& block = section.blocks(b);
      const std::string block_field = absl::StrCat(section_field, ".blocks[", b, "]");
      if (block.has_finance_table()) {
        CheckFinanceTable(v, block_field + ".finance_table", block.finance_table());
      } else if (block.has_project_table()) {
        CheckProjectTable(v, block_field + ".project_table", block.project_table());
      } else if (block.content_case() == update::v1::Block::CONTENT_NOT_SET) {
        v.Add(block_field, "holds no content");
      }
    }
  }
}

}  // namespace bch::reporting
