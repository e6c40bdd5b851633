// How the values of a collaboration update are printed (see printed.h).
#include "printed.h"

#include "absl/strings/str_cat.h"
#include "bch/common/checks.h"
#include "bch/common/dated_value.h"
#include "bch/common/money.h"

namespace bch::reporting {
std::string PrintDate(const google::type::Date& date) {
  const std::optional<absl::CivilDay> day = common::ValidDay(true, date);
  if (!day) return "";
  return common::RenderDatedValue(
      {.precision = common::Precision::kDay, .start = *day, .end = *day});
}

std::string PrintMonth(const google::type::Date& date) {
  const std::optional<absl::CivilDay> day = common::ValidDay(true, date);
  if (!day) return "";
  const absl::CivilMonth month(*day);
  return common::RenderDatedValue({.precision = common::Precision::kMonth,
                                   .start = absl::CivilDay(month),
                                   .end = absl::CivilDay(month + 1) - 1});
}

std::string PrintDatedValue(const projects::v1::DatedValue& value) {
  if (!value.text().empty()) return value.text();
  absl::StatusOr<common::DatedValue> read = common::DatedValueFromProto(value, "");
  return read.ok() ? common::RenderDatedValue(*read) : "";
}

std::string PrintRating(projects::v1::DeliveryConfidence rating) {
  switch (rating) {
    case projects::v1::DELIVERY_CONFIDENCE_GREEN:
      return "Green";
    case projects::v1::DELIVERY_CONFIDENCE_AMBER_GREEN:
      return "Amber/Green";
    case projects::v1::DELIVERY_CONFIDENCE_AMBER:
      return "Amber";
    case projects::v1::DELIVERY_CONFIDENCE_AMBER_RED:
      return "Amber/Red";
    case projects::v1::DELIVERY_CONFIDENCE_RED:
      return "Red";
    case projects::v1::DELIVERY_CONFIDENCE_UNRATED:
      return "Unrated";
    default:
      return "";
  }
}

std::string PrintState(projects::v1::LifecycleState state) {
  switch (state) {
    case projects::v1::LIFECYCLE_STATE_PROPOSED:
      return "Proposed";
    case projects::v1::LIFECYCLE_STATE_IN_DELIVERY:
      return "In delivery";
    case projects::v1::LIFECYCLE_STATE_LIVE:
      return "Live";
    case projects::v1::LIFECYCLE_STATE_CLOSED:
      return "Closed";
    case projects::v1::LIFECYCLE_STATE_PAUSED:
      return "Paused";
    default:
      return "";
  }
}

std::string PrintBand(governance::v1::RiskBand band) {
  switch (band) {
    case governance::v1::RISK_BAND_LOW:
      return "Low";
    case governance::v1::RISK_BAND_MEDIUM:
      return "Medium";
    case governance::v1::RISK_BAND_HIGH:
      return "High";
    case governance::v1::RISK_BAND_VERY_HIGH:
      return "Very high";
    default:
      return "";
  }
}

std::string PrintLevel(governance::v1::RegisterLevel level) {
  switch (level) {
    case governance::v1::REGISTER_LEVEL_PROJECT:
      return "Project";
    case governance::v1::REGISTER_LEVEL_PROGRAMME:
      return "Programme";
    case governance::v1::REGISTER_LEVEL_PORTFOLIO:
      return "Portfolio";
    default:
      return "";
  }
}

std::string PrintStatus(governance::v1::RecommendationStatus status) {
  switch (status) {
    case governance::v1::RECOMMENDATION_STATUS_OPEN:
      return "Open";
    case governance::v1::RECOMMENDATION_STATUS_IN_PROGRESS:
      return "In progress";
    case governance::v1::RECOMMENDATION_STATUS_IMPLEMENTED:
      return "Implemented";
    case governance::v1::RECOMMENDATION_STATUS_NOT_ACCEPTED:
      return "Not accepted";
    default:
      return "";
  }
}

std::string PrintAgreementType(governance::v1::AgreementType type) {
  switch (type) {
    case governance::v1::AGREEMENT_TYPE_MEMORANDUM_OF_UNDERSTANDING:
      return "Memorandum of Understanding";
    case governance::v1::AGREEMENT_TYPE_SECTION_22A:
      return "Section 22A collaboration agreement";
    case governance::v1::AGREEMENT_TYPE_COLLABORATION_SERVICE_AGREEMENT:
      return "Collaboration service agreement";
    default:
      return "";
  }
}

std::string PrintMillions(const google::type::Money& money) {
  absl::StatusOr<int64_t> pence = common::PenceFromMoney(money, "amount");
  return pence.ok() ? common::FormatMillions(*pence) : "";
}

std::optional<int64_t> PenceOf(const finance::v1::FinanceCell& cell) {
  if (!cell.has_amount()) return std::nullopt;
  absl::StatusOr<int64_t> pence = common::PenceFromMoney(cell.amount(), "amount");
  return pence.ok() ? std::optional<int64_t>(*pence) : std::nullopt;
}

std::string PrintCell(const finance::v1::FinanceCell& cell) {
  if (!cell.text().empty()) return cell.text();
  return cell.has_amount() ? PrintMillions(cell.amount()) : "";
}

}  // namespace bch::reporting
