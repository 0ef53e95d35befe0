// Copyright 2026 The admon Authors.
//
// Scoring a clustering against ground truth (the test site's truth.jsonl):
// B-cubed precision / recall / F1 overall and per network kind, and link
// precision per link type.
//
// Truth label of an advert: "net:<network>" when `network` is set (not empty,
// "none", "independent" or null), else "poster:<poster>" — adverts of one
// network belong in one cluster; an independent poster's adverts in theirs.
//
// Matching a truth line to a linked advert (first that hits):
//   1. advert_id exactly ("<site>:<id>"), 2. "<site>:<advert_id>",
//   3. the URL normalised (scheme, host case, default port, fragment and
//      trailing '/' ignored), 4. the URL's path+query only (the test site's
//      host:port differs run to run).
// Unmatched truth lines and linked adverts absent from the truth are counted
// and left out of the scores.
//
// Thread safety: pure functions.
#ifndef ADMON_DEDUPE_EVAL_H_
#define ADMON_DEDUPE_EVAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dedupe/dedupe.h"
#include "nlohmann/json.hpp"

namespace admon::dedupe {

struct TruthItem {
  std::string site, url, advert_id, poster, network, kind;
};
// One JSON object per line; blank lines skipped. InvalidArgument naming the line.
absl::StatusOr<std::vector<TruthItem>> ParseTruthJsonl(std::string_view text);

struct EvalAdvert {
  std::string id, url, cluster;
};
struct EvalLink {
  std::string a, b;
  LinkType type = LinkType::kPhone;
  bool hub = false;
};

// {"matched", "unmatched_truth", "unmatched_adverts", "bcubed":{precision,recall,f1},
//  "by_kind":{kind:{precision,recall,f1,adverts}}, "links":{type:{pairs,correct,precision}},
//  "links_in_clusters":{type:{pairs,correct,precision}}, "clusters", "truth_groups"}
// "links": every non-hub link pair between matched adverts (the evidence);
// "links_in_clusters": those whose two adverts ended in one cluster.
nlohmann::json Evaluate(const std::vector<TruthItem>& truth, const std::vector<EvalAdvert>& adverts,
                        const std::vector<EvalLink>& links);

// Exposed for tests.
std::string NormaliseUrl(std::string_view url);
std::string UrlPathQuery(std::string_view url);

}  // namespace admon::dedupe

#endif  // ADMON_DEDUPE_EVAL_H_
