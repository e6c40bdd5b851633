// The handlers of AIP's standard methods (Create, Get, List, Update) for a resource served by a
// common::ResourceStore: the names and ids checked, the service's own field checks, the store
// call and the answer, so that a service's handler of a standard method is one line. Request
// fields are AIP's, named after the last variable of the table's name pattern ("area" in
// "alliances/{alliance}/areas/{area}"): `parent` (for a child), `area_id`, `area`, `name`,
// `as_of`, `effective_date`, `update_mask`, `page_size`, `page_token`.
//
//   grpc::Status Service::GetCollaborationArea(grpc::ServerContext* context,
//                                              const v1::GetCollaborationAreaRequest* request,
//                                              v1::CollaborationArea* response) {
//     return areas_.Get(*context, *request, *response);
//   }
#ifndef BCH_COMMON_STANDARD_METHODS_H_
#define BCH_COMMON_STANDARD_METHODS_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "bch/common/caller.h"
#include "bch/common/checks.h"
#include "bch/common/handler.h"
#include "bch/common/list_page.h"
#include "bch/common/resource_names.h"
#include "bch/common/resource_store.h"

namespace bch::common {

template <typename Resource, ListOrder kOrder = ListOrder::kById>
class StandardMethods final {
 public:
  // Adds a violation for each bad one of `fields` of `resource` (all updatable fields on create,
  // the mask's on update); `keys` are its ids (empty where its name is malformed), for rules
  // such as "never reports to itself". It may put the fields into their canonical form (a
  // period's canonical text), which is what is written.
  using Check = std::function<void(Violations&, Resource&, const std::set<std::string>& fields,
                                   const std::vector<std::string>& keys)>;

  // Fills the fields derived when a resource is read (a risk's band under its alliance's
  // scoring on the day) into `items`, all children of `parent` (empty for a top-level
  // collection), as they stood at the end of `as_of` (unset: now).
  using Complete = std::function<absl::Status(const std::vector<std::string>& parent,
                                              std::optional<absl::CivilDay> as_of,
                                              absl::Time deadline, std::vector<Resource*>& items)>;

  // Which resources a list returns, given the day it is read as of (unset: now).
  using FilterOf = std::function<SqlFilter(std::optional<absl::CivilDay> as_of)>;

  struct Definition {
    const VersionedTable& table;
    WriteHooks hooks = {};
    // The parent, for a child resource; unset for a top-level collection.
    std::optional<ParentOf> parent = std::nullopt;
    std::set<std::string> updatable;
    Check check;
    Complete complete = nullptr;
  };

  StandardMethods(DbPool& pool, const CallerResolver& callers, std::string domain,
                  Definition definition)
      : callers_(callers),
        domain_(std::move(domain)),
        pattern_(definition.table.definition().name_pattern),
        parent_pattern_(ParentPattern(pattern_)),
        variable_(ResourceVariable(pattern_)),
        updatable_(std::move(definition.updatable)),
        check_(std::move(definition.check)),
        complete_(std::move(definition.complete)),
        store_(pool, definition.table, std::move(definition.hooks), definition.parent) {}

  const ResourceStore<Resource, kOrder>& store() const { return store_; }

  // `resource` (named by `keys`) with its derived fields filled as of `as_of` (unset: now), for
  // a service's own method of the resource too (a risk's review).
  absl::StatusOr<Resource> Completed(absl::StatusOr<Resource> resource,
                                     const std::vector<std::string>& keys, absl::Time deadline,
                                     std::optional<absl::CivilDay> as_of = std::nullopt) const {
    if (!resource.ok() || !complete_) return resource;
    std::vector<Resource*> items = {&*resource};
    const std::vector<std::string> parent(keys.begin(), keys.end() - 1);
    if (absl::Status s = complete_(parent, as_of, deadline, items); !s.ok()) return s;
    return resource;
  }

  // Create: `parent` is "" for a top-level collection.
  template <typename Request>
  grpc::Status Create(const grpc::ServerContext& context, const Request& request,
                      absl::string_view parent, const std::string& id, Resource resource,
                      Resource& response) const {
    return Respond(context, domain_, request, [&]() -> absl::Status {
      Violations v;
      std::vector<std::string> keys = ParentKeys(v, parent);
      CheckId(v, variable_ + "_id", id);
      keys.push_back(id);
      check_(v, resource, updatable_, keys);
      const absl::CivilDay effective = EffectiveDateOf(v, request);
      return Mutate(
          callers_, context, std::move(v),
          [&](const WriteContext& w) {
            return Completed(store_.Create(keys, resource, effective, w), keys,
                             DeadlineOf(context));
          },
          response);
    });
  }

  template <typename Request>
  grpc::Status Get(const grpc::ServerContext& context, const Request& request,
                   Resource& response) const {
    return Respond(context, domain_, request, [&]() -> absl::Status {
      Violations v;
      const std::vector<std::string> keys = IdsFrom(v, request.name(), pattern_, "name");
      const auto as_of = AsOfOf(v, request);
      if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
      return Answer(
          Completed(store_.Get(keys, as_of, DeadlineOf(context)), keys, DeadlineOf(context), as_of),
          response);
    });
  }

  // List: `parent` is "" for a top-level collection; `filter`, if set, says which resources of
  // it the request asks for (a page token is bound to its condition).
  template <typename Request, typename Response>
  grpc::Status List(const grpc::ServerContext& context, const Request& request,
                    absl::string_view parent, google::protobuf::RepeatedPtrField<Resource>& items,
                    Response& response, const FilterOf& filter = nullptr) const {
    return Respond(context, domain_, request, [&]() -> absl::Status {
      Violations v;
      const std::vector<std::string> parent_keys = ParentKeys(v, parent);
      const auto as_of = AsOfOf(v, request);
      if (absl::Status s = std::move(v).ToStatus(); !s.ok()) return s;
      const SqlFilter sql_filter = filter ? filter(as_of) : SqlFilter{};
      return ServeList(request, response, items,
                       {std::string(parent), AsOfTokenParameter(request), sql_filter.condition},
                       [&](const PageRequest& page) -> absl::StatusOr<Page<Resource>> {
                         const absl::Time deadline = DeadlineOf(context);
                         auto listed = store_.List(page, as_of, deadline, parent_keys, sql_filter);
                         if (!listed.ok() || !complete_) return listed;
                         std::vector<Resource*> completed;
                         for (Resource& item : listed->items) completed.push_back(&item);
                         if (absl::Status s = complete_(parent_keys, as_of, deadline, completed);
                             !s.ok()) {
                           return s;
                         }
                         return listed;
                       });
    });
  }

  template <typename Request>
  grpc::Status Update(const grpc::ServerContext& context, const Request& request, Resource patch,
                      Resource& response) const {
    return Respond(context, domain_, request, [&]() -> absl::Status {
      Violations v;
      const std::vector<std::string> keys = IdsFrom(v, patch.name(), pattern_, variable_ + ".name");
      const auto paths = MaskFrom(v, request.update_mask(), patch, updatable_);
      check_(v, patch, {paths.begin(), paths.end()}, keys);
      const absl::CivilDay effective = EffectiveDateOf(v, request);
      return Mutate(
          callers_, context, std::move(v),
          [&](const WriteContext& w) {
            return Completed(store_.Update(keys, patch, paths, effective, w), keys,
                             DeadlineOf(context));
          },
          response);
    });
  }

 private:
  // The ids of `parent` (none for a top-level collection).
  std::vector<std::string> ParentKeys(Violations& v, absl::string_view parent) const {
    if (parent_pattern_.empty()) return {};
    return IdsFrom(v, parent, parent_pattern_, "parent");
  }

  const CallerResolver& callers_;
  const std::string domain_;
  const std::string pattern_;
  const std::string parent_pattern_;  // "" for a top-level collection
  const std::string variable_;
  const std::set<std::string> updatable_;
  const Check check_;
  const Complete complete_;
  const ResourceStore<Resource, kOrder> store_;
};

}  // namespace bch::common

#endif  // BCH_COMMON_STANDARD_METHODS_H_
