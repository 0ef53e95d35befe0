// Copyright 2026 The admon Authors.
//
// Internal: key layouts of the column families dedupe owns (docs/dedupe.md).
// Separator '\0' never occurs in advert ids, identifier values or cluster ids.
//
//   identifiers  <kind>\0<value>\0<advert>          -> "<name>\0<site>"  (posting)
//   index        a\0<advert>                        -> advert state record
//                ac\0<advert>                       -> cluster node the advert joined
//                sig\0<advert>                      -> MinHash signature (4 bytes x perms, BE)
//                (text LSH buckets are in memory, rebuilt from sig\0 at open)
//                hub\0<kind>\0<value>               -> hub record
//                uf\0<cluster>                      -> parent cluster (absent for roots)
//                seq\0cluster                       -> last cluster number (8 bytes BE)
//   clusters     c\0<cluster>                       -> cluster record
//                m\0<cluster>\0<advert>             -> ""  (member, under the node it joined)
//   links        <advert a>\0<advert b>\0<type>\0<value> -> link record (both directions)
#ifndef ADMON_DEDUPE_KEYS_H_
#define ADMON_DEDUPE_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "store/record.h"

namespace admon::dedupe::keys {

inline std::string Join(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (auto p : parts) {
    if (!first) out.push_back('\0');
    out.append(p);
    first = false;
  }
  return out;
}

inline std::string Posting(std::string_view kind, std::string_view value, std::string_view advert) {
  return Join({kind, value, advert});
}
inline std::string PostingPrefix(std::string_view kind, std::string_view value) {
  return Join({kind, value, ""});
}
inline std::string Advert(std::string_view id) { return Join({"a", id}); }
inline std::string AdvertCluster(std::string_view id) { return Join({"ac", id}); }
inline std::string Signature(std::string_view id) { return Join({"sig", id}); }
inline std::string Hub(std::string_view kind, std::string_view value) { return Join({"hub", kind, value}); }
inline std::string Shared(std::string_view kind, std::string_view value) { return Join({"shared", kind, value}); }
inline std::string Parent(std::string_view cluster) { return Join({"uf", cluster}); }
inline std::string ClusterSeq() { return Join({"seq", "cluster"}); }
inline std::string Cluster(std::string_view id) { return Join({"c", id}); }
inline std::string MemberPrefix(std::string_view cluster) { return Join({"m", cluster, ""}); }
inline std::string Link(std::string_view a, std::string_view b, std::string_view type, std::string_view value) {
  return Join({a, b, type, value});
}
inline std::string LinksPrefix(std::string_view a) { return Join({a, ""}); }

}  // namespace admon::dedupe::keys

#endif  // ADMON_DEDUPE_KEYS_H_
