// Copyright 2026 The admon Authors.
//
// Referral package: everything a police force needs to act on one advert or
// cluster, written as a directory:
//
//   out_dir/referral.html      printable, self-contained summary (no scripts,
//                              no external assets, images by hash only)
//   out_dir/referral.json      the ReferralModel (without capture bytes),
//                              with every evidence file's path, sha256,
//                              source URL and capture time
//   out_dir/evidence/captures/<nn>-<sha256 prefix>.<ext>   raw capture bodies
//   out_dir/evidence/images/<sha256>.<ext>                 image bytes
//   out_dir/evidence/captures.warc.gz   WARC of the captures, iff write_warc
//   out_dir/manifest.sha256    "<hex>  <relative path>" for every other file
//                              (verify with `sha256sum -c manifest.sha256`)
//
// Files are 0600, directories 0700. The package is evidence: an existing
// non-empty out_dir is refused (AlreadyExists) rather than mixed.
//
// Thread safety: reentrant.
#ifndef ADMON_REPORT_REFERRAL_H_
#define ADMON_REPORT_REFERRAL_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"
#include "report/model.h"

namespace admon::report {

// One raw capture to include as evidence.
struct CaptureEvidence {
  std::string url;           // source URL as fetched
  std::string fetched;       // RFC 3339 UTC capture time
  int http_status = 0;
  std::string content_type;  // e.g. "text/html; charset=utf-8"
  std::string sha256;        // hex of body as recorded at capture time ("" = compute)
  std::string body;          // the bytes (not serialised to JSON)
};

struct ImageEvidence {
  std::string sha256;  // hex of bytes as recorded ("" = compute)
  std::string url;     // where it was served
  std::string fetched; // RFC 3339 UTC
  std::string bytes;   // not serialised to JSON
};

// Where the subject was advertised and when.
struct LocationTime {
  std::string town;
  std::string force;
  std::string first_seen;  // RFC 3339 UTC
  std::string last_seen;
  int64_t adverts = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LocationTime, town, force, first_seen, last_seen, adverts)

struct ReferralModel {
  std::string reference;      // e.g. "ADM-20261123-C00000042"; "" = derived from date + subject
  std::string created_at;     // RFC 3339 UTC
  std::string created_by;     // operating-system user
  std::string catalogue_version;
  std::string subject_kind;   // "advert" or "cluster"
  std::string subject_id;
  std::string force;          // the police force area it routes to
  std::string force_reason;   // e.g. "most recent advert town Leeds -> West Yorkshire Police (gazetteer)"
  std::vector<std::string> other_forces;  // other areas the subject advertised in
  double score = 0;
  Flag flag = Flag::kNone;
  std::string flag_reason;
  std::vector<HitView> hits;  // cluster- and/or advert-level hits with evidence
  // Identifiers.
  std::vector<std::string> phones, emails, handles, names, ages, nationalities, image_sha256;
  std::vector<LocationTime> locations;
  std::vector<AdvertView> adverts;  // the adverts concerned (text and hits)
  std::vector<LinkView> links;
  // Safeguarding considerations; if empty WriteReferral fills them from
  // SuggestSafeguarding().
  std::vector<std::string> safeguarding;
  std::vector<CaptureEvidence> captures;
  std::vector<ImageEvidence> images;
  // Writes a WARC of the captures to `path` (the glue supplies crawler's
  // WarcWriter). Optional: null = no WARC in the package.
  std::function<absl::Status(const std::string& path)> write_warc;
};

// Considerations derived from hit categories/ids and locations: youth or
// possible-minor markers => urgent safeguarding and contact police
// immediately; third-party control; movement between towns; debt/coercion;
// language/nationality (interpreter). Deterministic order, no duplicates.
std::vector<std::string> SuggestSafeguarding(const ReferralModel& model);

// The JSON form (no capture/image bytes; `write_warc` omitted).
nlohmann::json ReferralToJson(const ReferralModel& model);

// Writes the package described above. Errors name the path. InvalidArgument
// if subject_kind/subject_id are empty.
absl::Status WriteReferral(const ReferralModel& model, const std::string& out_dir);

}  // namespace admon::report

#endif  // ADMON_REPORT_REFERRAL_H_
