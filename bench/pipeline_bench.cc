// Copyright 2026 The admon Authors.
//
// pipeline_bench: exports what `admon process` reads from a crawled database
// so bench/pipeline_peer.py (the Python reference pipeline) reads the same
// bytes. Driven by bench/pipeline_bench.sh (issue 10); see BENCHMARKS.md.
//
//   pipeline_bench --db DIR --config SITES.yaml --out OUT
//
// Writes (files 0600, directories 0700):
//   OUT/pages/NNNNNN.html  latest stored copy of every advert page, in the
//                          order `admon process` visits them (removed ones skipped)
//   OUT/pages.tsv          file, site, url (final URL: the base for relative links)
//   OUT/images/<sha256>    latest stored copy of every image page, once per body
//   OUT/images.tsv         url, sha256
//   OUT/fields.json        site -> field selectors (sites.yaml `fields`)
// Prints one line: counts and bytes.
#include <cstdio>
#include <set>
#include <string>

#include "common/files.h"
#include "common/status.h"
#include "config/sites.h"
#include "nlohmann/json.hpp"
#include "store/captures.h"
#include "store/db.h"

namespace {

struct Args {
  std::string db, config, out;
};

int Fail(const std::string& what, const absl::Status& s) {
  std::fprintf(stderr, "pipeline_bench: %s: %s\n", what.c_str(), std::string(s.message()).c_str());
  return 1;
}

absl::Status Export(const Args& a) {
  ADMON_ASSIGN_OR_RETURN(admon::config::SitesConfig cfg, admon::config::LoadSitesConfig(a.config));
  ADMON_ASSIGN_OR_RETURN(auto db, admon::store::Db::Open(a.db, {.create_if_missing = false, .read_only = true}));
  admon::store::CaptureStore captures(db.get());
  ADMON_RETURN_IF_ERROR(admon::MakeDirsOwnerOnly(a.out + "/pages"));
  ADMON_RETURN_IF_ERROR(admon::MakeDirsOwnerOnly(a.out + "/images"));

  std::string index;
  int64_t pages = 0, page_bytes = 0;
  absl::Status inner;
  char name[32];
  ADMON_RETURN_IF_ERROR(
      captures.ScanAdvertPages("", [&](const admon::store::PageState& page, const admon::store::Capture& cap) {
        if (page.removed_at.has_value() || cfg.Find(page.site) == nullptr) return true;
        std::snprintf(name, sizeof(name), "%06lld.html", static_cast<long long>(pages));
        inner = admon::WriteFileOwnerOnly(a.out + "/pages/" + name, cap.body);
        index += std::string(name) + "\t" + page.site + "\t" + (cap.final_url.empty() ? cap.url : cap.final_url) +
                 "\n";
        ++pages;
        page_bytes += static_cast<int64_t>(cap.body.size());
        return inner.ok();
      }));
  ADMON_RETURN_IF_ERROR(inner);
  ADMON_RETURN_IF_ERROR(admon::WriteFileOwnerOnly(a.out + "/pages.tsv", index));

  std::string images_index;
  std::set<std::string> written;
  int64_t images = 0, image_bytes = 0;
  ADMON_RETURN_IF_ERROR(captures.ScanPages("", [&](const admon::store::PageState& page) {
    if (page.kind != admon::store::CaptureKind::kImage || page.last_sha256.empty()) return true;
    auto cap = captures.GetLatest(page.url);
    if (!cap.ok()) {
      inner = cap.status();
      return false;
    }
    if (!cap->has_value() || (*cap)->body.empty()) return true;
    images_index += page.url + "\t" + (*cap)->sha256 + "\n";
    ++images;
    if (written.insert((*cap)->sha256).second) {
      image_bytes += static_cast<int64_t>((*cap)->body.size());
      inner = admon::WriteFileOwnerOnly(a.out + "/images/" + (*cap)->sha256, (*cap)->body);
    }
    return inner.ok();
  }));
  ADMON_RETURN_IF_ERROR(inner);
  ADMON_RETURN_IF_ERROR(admon::WriteFileOwnerOnly(a.out + "/images.tsv", images_index));

  nlohmann::json fields = nlohmann::json::object();
  for (const auto& s : cfg.sites) fields[s.name] = s.fields;
  ADMON_RETURN_IF_ERROR(admon::WriteFileOwnerOnly(a.out + "/fields.json", fields.dump(2) + "\n"));
  std::printf("exported %lld advert pages (%.1f MB, mean %.1f KB), %lld image URLs, %zu distinct images (%.1f MB)\n",
              static_cast<long long>(pages), page_bytes / 1e6, pages ? page_bytes / 1e3 / pages : 0.0,
              static_cast<long long>(images), written.size(), image_bytes / 1e6);
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--db") a.db = argv[i + 1];
    else if (k == "--config") a.config = argv[i + 1];
    else if (k == "--out") a.out = argv[i + 1];
  }
  if (a.db.empty() || a.config.empty() || a.out.empty()) {
    std::fprintf(stderr, "usage: pipeline_bench --db DIR --config SITES.yaml --out OUT\n");
    return 2;
  }
  if (absl::Status s = Export(a); !s.ok()) return Fail("export", s);
  return 0;
}
