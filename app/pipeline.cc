// Copyright 2026 The admon Authors.
#include "app/pipeline.h"

#include <algorithm>
#include <ctime>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "app/pipeline_impl.h"
#include "common/status.h"
#include "crawler/url.h"
#include "parsers/gazetteer.h"
#include "parsers/identifiers.h"
#include "parsers/image.h"
#include "parsers/page.h"
#include "re2/re2.h"
#include "spdlog/spdlog.h"
#include "store/captures.h"
#include "store/record.h"

namespace admon::app {
namespace {

std::string FurnitureKey(std::string_view site) { return absl::StrCat("furniture", std::string(1, '\0'), AV(site)); }

}  // namespace

ProcessSummary& operator+=(ProcessSummary& a, const ProcessSummary& b) {
  a.pages_seen += b.pages_seen;
  a.adverts_parsed += b.adverts_parsed;
  a.adverts_changed += b.adverts_changed;
  a.adverts_unchanged += b.adverts_unchanged;
  a.adverts_removed += b.adverts_removed;
  a.images_decoded += b.images_decoded;
  a.images_cached += b.images_cached;
  a.images_missing += b.images_missing;
  a.images_ocr += b.images_ocr;
  a.clusters_scored += b.clusters_scored;
  a.flagged_adverts += b.flagged_adverts;
  a.stages += b.stages;
  return a;
}

StageTimes& operator+=(StageTimes& a, const StageTimes& b) {
  for (auto field : {&StageTimes::furniture_ns, &StageTimes::lookup_ns, &StageTimes::parse_ns,
                     &StageTimes::image_read_ns, &StageTimes::image_hash_ns, &StageTimes::ocr_ns,
                     &StageTimes::score_ns, &StageTimes::link_ns, &StageTimes::write_ns,
                     &StageTimes::cluster_score_ns, &StageTimes::wait_ns, &StageTimes::other_ns,
                     &StageTimes::total_ns, &StageTimes::cpu_ns, &StageTimes::main_cpu_ns}) {
    a.*field += b.*field;
  }
  return a;
}

std::ostream& operator<<(std::ostream& os, const ProcessSummary& s) {
  return os << "pages " << s.pages_seen << ", parsed " << s.adverts_parsed << " (changed " << s.adverts_changed
            << "), unchanged " << s.adverts_unchanged
            << ", removed " << s.adverts_removed << ", images decoded " << s.images_decoded << " (cached "
            << s.images_cached << ", missing " << s.images_missing << ", ocr " << s.images_ocr << "), clusters scored "
            << s.clusters_scored << ", flagged " << s.flagged_adverts;
}

std::ostream& operator<<(std::ostream& os, const StageTimes& t) {
  auto ms = [](int64_t ns) { return absl::StrFormat("%.1f", static_cast<double>(ns) / 1e6); };
  return os << "furniture " << ms(t.furniture_ns) << " ms, lookup " << ms(t.lookup_ns) << ", parse "
            << ms(t.parse_ns) << ", image read " << ms(t.image_read_ns) << ", image hash " << ms(t.image_hash_ns)
            << ", ocr " << ms(t.ocr_ns) << ", score " << ms(t.score_ns) << ", link " << ms(t.link_ns) << ", write "
            << ms(t.write_ns) << ", cluster score " << ms(t.cluster_score_ns) << ", wait " << ms(t.wait_ns) << ", other " << ms(t.other_ns)
            << ", total " << ms(t.total_ns) << " (cpu " << ms(t.cpu_ns) << ", main thread cpu " << ms(t.main_cpu_ns)
            << ")";
}

std::string AdvertScoreKey(std::string_view advert_id) {
  return absl::StrCat("advert", std::string(1, '\0'), AV(advert_id));
}
std::string ClusterScoreKey(std::string_view cluster_id) {
  return absl::StrCat("cluster", std::string(1, '\0'), AV(cluster_id));
}

absl::StatusOr<StoredScore> StoredScoreFromRecord(const nlohmann::json& record, std::string_view key) {
  const bool bad = !record.is_object() || (record.contains("score") && !record["score"].is_number()) ||
                   (record.contains("flag") && !record["flag"].is_string());
  if (bad) return absl::DataLossError(absl::StrCat("scores/", AV(key), ": not a score record"));
  return StoredScore{.score = record.value("score", 0.0), .flag = record.value("flag", "none")};
}

absl::StatusOr<StoredScore> ReadStoredScore(const store::Db& db, std::string_view key) {
  ADMON_ASSIGN_OR_RETURN(std::optional<std::string> v, db.Get(store::Cf::kScores, key));
  if (!v.has_value()) return StoredScore{};
  ADMON_ASSIGN_OR_RETURN(nlohmann::json j, store::DecodeRecord(*v, key));
  return StoredScoreFromRecord(j, key);
}

namespace {

// What an analyst would call the advert's content: its fields and the
// identifiers' values, not where they sat in the page nor capture metadata
// (a new view counter or layout must not count as a changed advert).
nlohmann::json Content(const nlohmann::json& advert) {
  nlohmann::json c = nlohmann::json::object();
  for (const char* field : {"title", "name", "age", "description", "location_text", "prices", "nationalities",
                            "languages", "services", "profile_url"}) {
    if (advert.contains(field)) c[field] = advert[field];
  }
  auto values = [&](const char* list, std::initializer_list<const char*> keys) {
    std::vector<std::string> out;
    if (!advert.contains(list) || !advert[list].is_array()) return out;
    for (const auto& item : advert[list]) {
      std::string v;
      for (const char* k : keys) v += item.value(k, "") + "\n";
      out.push_back(std::move(v));
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  c["phones"] = values("phones", {"e164"});
  c["emails"] = values("emails", {"address"});
  c["handles"] = values("handles", {"platform", "handle"});
  c["images"] = values("images", {"sha256"});
  return c;
}

// The score record ("v" included by indicators' to_json) under its key.
void StageAdvertScore(const indicators::AdvertScore& score, store::WriteBatch& batch) {
  batch.Put(store::Cf::kScores, AdvertScoreKey(score.advert_id), store::EncodeRecord(nlohmann::json(score)));
}

}  // namespace



absl::Status Pipeline::Impl::PrepareSites() {
  for (const config::SiteConfig& site : sites->sites) {
    SiteState state;
    state.config = &site;
    state.advert_pattern = std::make_unique<RE2>(site.urls.advert);
    if (!state.advert_pattern->ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("site ", site.name, ": urls.advert: ", state.advert_pattern->error()));
    }
    if (!site.fields.empty()) {
      auto rules = parsers::FieldRules::Compile(site.fields);
      if (!rules.ok()) return Annotate(rules.status(), absl::StrCat("site ", site.name, ": fields"));
      state.rules = *std::move(rules);
    }
    auto stored = db->Get(store::Cf::kMeta, FurnitureKey(site.name));
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) {
      ADMON_ASSIGN_OR_RETURN(nlohmann::json j, store::DecodeRecord(**stored, FurnitureKey(site.name)));
      ADMON_ASSIGN_OR_RETURN(state.furniture, parsers::FurnitureModel::FromJson(j, site.name));
    }
    site_states.emplace(site.name, std::move(state));
  }
  return absl::OkStatus();
}

// Learns a site's furniture (footer contacts, banners, repeated sidebars) from
// a sample of its advert pages, once there are enough pages to tell.
absl::Status Pipeline::Impl::LearnFurniture(SiteState& state) {
  if (state.furniture.pages() >= options.furniture_sample_pages) return absl::OkStatus();
  parsers::FurnitureLearner learner(state.config->name);
  store::CaptureStore captures(db);
  absl::Status inner;
  // Only this site's captures are read, not every site's before it in key order.
  ADMON_RETURN_IF_ERROR(captures.ScanAdvertPages(state.config->name, [&](const store::PageState& page,
                                                                         const store::Capture& cap) {
    auto id = AdvertIdFor(state, cap.url);
    parsers::PageInput input{.html = cap.body, .site = page.site, .url = cap.url,
                             .advert_id = id.ok() ? *id : "", .capture_sha256 = cap.sha256,
                             .fetched_unix = absl::ToUnixSeconds(cap.fetched)};
    learner.Add(parser->Features(input, state.rules ? &*state.rules : nullptr));
    return learner.pages() < options.furniture_sample_pages;
  }));
  if (learner.pages() <= state.furniture.pages()) return absl::OkStatus();
  state.furniture = learner.Build();
  return db->Put(store::Cf::kMeta, FurnitureKey(state.config->name), store::EncodeRecord(state.furniture.ToJson()));
}

absl::StatusOr<std::string> Pipeline::Impl::AdvertIdFor(const SiteState& state, std::string_view url) const {
  ADMON_ASSIGN_OR_RETURN(crawler::ParsedUrl parsed, crawler::ParseUrl(url));
  std::string id;
  if (!RE2::PartialMatch(parsed.path_query, *state.advert_pattern, &id) || id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(AV(url), ": no advert id (urls.advert of site ",
                                                   state.config->name, " did not capture one)"));
  }
  return id;
}

parsers::Advert Pipeline::Impl::ParseAdvert(const SiteState& state, const store::PageState& page,
                                            const store::Capture& capture, const std::string& site_id,
                                            const std::string& advert_id) const {
  const parsers::PageInput input{.html = capture.body, .site = page.site,
                                 .url = capture.final_url.empty() ? capture.url : capture.final_url,
                                 .advert_id = site_id, .capture_sha256 = capture.sha256,
                                 .fetched_unix = absl::ToUnixSeconds(capture.fetched)};
  parsers::Advert advert = parser->Parse(input, state.rules ? &*state.rules : nullptr,
                                         state.furniture.empty() ? nullptr : &state.furniture);
  advert.id = advert_id;
  return advert;
}

absl::Status Pipeline::Impl::FillImages(const SiteState& state, parsers::Advert& advert,
                                        std::vector<PreparedImage>* prepared, ProcessSummary& summary) {
  store::CaptureStore captures(db);
  bool want_ocr = WantOcr(state, advert);
  StageTimes& t = summary.stages;
  Lap lap;
  for (size_t i = 0; i < advert.images.size(); ++i) {
    parsers::Image& image = advert.images[i];
    PreparedImage* pi = prepared != nullptr && i < prepared->size() && (*prepared)[i].read ? &(*prepared)[i]
                                                                                          : nullptr;
    const ImageWork* work = pi != nullptr ? pi->work.get() : nullptr;
    std::optional<store::Capture> cap;
    if (pi != nullptr) {
      cap = std::move(pi->cap);
    } else {
      ADMON_ASSIGN_OR_RETURN(cap, captures.GetLatest(image.url));
    }
    if (!cap.has_value() || cap->body.empty()) {
      ++summary.images_missing;
      t.image_read_ns += lap();
      continue;
    }
    nlohmann::json record;
    ADMON_ASSIGN_OR_RETURN(std::optional<std::string> stored, db->Get(store::Cf::kImages, cap->sha256));
    bool dirty = false;
    if (stored.has_value()) {
      ADMON_ASSIGN_OR_RETURN(record, store::DecodeRecord(*stored, absl::StrCat("images/", cap->sha256)));
      ++summary.images_cached;
      t.image_read_ns += lap();
    } else {
      t.image_read_ns += lap();
      parsers::Image decoded;
      if (work != nullptr && work->decoded.has_value()) {
        decoded = *work->decoded;  // decoded by a worker: the same bytes give the same record
        decoded.url = image.url;
      } else {
        decoded = parsers::DecodeAndHash(cap->body, guard, image.url, cap->sha256);
      }
      record = decoded;
      record["v"] = 1;
      dirty = true;
      ++summary.images_decoded;
      t.image_hash_ns += lap();
    }
    std::string url = image.url;
    image = record.get<parsers::Image>();
    image.url = url;
    t.image_read_ns += lap();
    // OCR is the costly fallback: only for adverts that show no phone in text
    // (numbers posted only as pictures), and at most once per image.
    if (want_ocr && image.error.empty()) {
      if (!record.contains("ocr_text")) {
        absl::StatusOr<std::string> text =
            work != nullptr && work->ocr.has_value() ? *work->ocr : ocr->OcrBytes(cap->body, guard);
        record["ocr_text"] = text.ok() ? *text : "";
        if (!text.ok()) advert.diagnostics.push_back(absl::StrCat("ocr ", url, ": ", text.status().message()));
        dirty = true;
        ++summary.images_ocr;
      }
      const std::string ocr_text = record["ocr_text"].get<std::string>();
      if (!ocr_text.empty()) parser->AddOcrText(ocr_text, url, &advert);
      t.ocr_ns += lap();
    }
    if (dirty) {
      ADMON_RETURN_IF_ERROR(db->Put(store::Cf::kImages, cap->sha256, store::EncodeRecord(record)));
      t.write_ns += lap();
    }
  }
  return absl::OkStatus();
}

absl::Status Pipeline::Impl::Commit(const store::PageState& page, const store::Capture& capture, Prepared* prep,
                                    ProcessSummary& summary, std::set<std::string>& touched) {
  auto it = site_states.find(page.site);
  if (it == site_states.end()) return absl::OkStatus();  // a site no longer configured
  SiteState& state = it->second;
  ++summary.pages_seen;
  if (options.progress_every_pages > 0 && summary.pages_seen % options.progress_every_pages == 0) {
    spdlog::info("process: {} pages so far ({} parsed, {} changed, {} flagged)", summary.pages_seen,
                 summary.adverts_parsed, summary.adverts_changed, summary.flagged_adverts);
  }
  StageTimes& t = summary.stages;
  Lap lap;
  auto site_id = AdvertIdFor(state, capture.url);
  if (!site_id.ok()) {
    spdlog::warn("{}", SV(site_id.status().message()));
    return absl::OkStatus();
  }
  if (prep != nullptr && !prep->done) prep = nullptr;
  std::string advert_id = absl::StrCat(page.site, ":", *site_id);
  // Always read again: an earlier page of the batch may have written it.
  ADMON_ASSIGN_OR_RETURN(std::optional<std::string> existing, db->Get(store::Cf::kAdverts, advert_id));
  int64_t removed_unix = page.removed_at ? absl::ToUnixSeconds(*page.removed_at) : 0;
  nlohmann::json old;
  if (prep != nullptr && existing.has_value() && prep->existing == existing) {
    old = std::move(prep->old);
  } else if (existing.has_value()) {
    ADMON_ASSIGN_OR_RETURN(old, store::DecodeRecord(*existing, absl::StrCat("adverts/", advert_id)));
  }
  const bool same_page = existing.has_value() && old.value("capture_sha256", "") == capture.sha256;
  ADMON_ASSIGN_OR_RETURN(const bool late_images, same_page ? ImagesArrivedSince(old) : false);
  t.lookup_ns += lap();
  if (same_page && !late_images) {
    if (removed_unix > 0 && old.value("removed_unix", int64_t{0}) == 0) {
      ADMON_RETURN_IF_ERROR(linker->MarkRemoved(advert_id, removed_unix));
      old["removed_unix"] = removed_unix;
      ADMON_ASSIGN_OR_RETURN(std::string cluster, linker->ClusterOf(advert_id));
      store::WriteBatch batch(*db);
      batch.Put(store::Cf::kMeta, PendingClusterKey(cluster), "");
      batch.Put(store::Cf::kAdverts, advert_id, store::EncodeRecord(old));
      ADMON_RETURN_IF_ERROR(db->Write(batch));
      touched.insert(cluster);
      ++summary.adverts_removed;
    } else {
      ++summary.adverts_unchanged;
    }
    absl::Status status = linker->Touch(advert_id, absl::ToUnixSeconds(page.last_seen));
    t.link_ns += lap();
    return status;
  }
  parsers::Advert advert;
  std::vector<PreparedImage>* prepared_images = nullptr;
  const dedupe::TextSignature* text = nullptr;
  if (prep != nullptr && prep->advert.has_value()) {
    advert = *std::move(prep->advert);
    prepared_images = &prep->images;
    if (prep->text.has_value()) text = &*prep->text;
  } else {
    advert = ParseAdvert(state, page, capture, *site_id, advert_id);
  }
  t.parse_ns += lap();
  ADMON_RETURN_IF_ERROR(FillImages(state, advert, prepared_images, summary));
  lap();  // FillImages charged its own stages
  indicators::AdvertScore score = catalogue->ScoreAdvert(advert);
  score.advert_id = advert_id;
  if (score.flag != indicators::Flag::kNone) ++summary.flagged_adverts;
  t.score_ns += lap();

  // Link first: Add is idempotent, and the advert record written last marks
  // the capture as processed, so a crash in between is redone on restart.
  ADMON_ASSIGN_OR_RETURN(dedupe::AddResult added, linker->Add(advert, absl::ToUnixSeconds(page.first_seen), text));
  ADMON_RETURN_IF_ERROR(linker->Touch(advert_id, absl::ToUnixSeconds(page.last_seen)));
  if (removed_unix > 0) ADMON_RETURN_IF_ERROR(linker->MarkRemoved(advert_id, removed_unix));
  touched.insert(added.cluster_id);
  // A hub promotion can split clusters into new ids: those need scores too.
  for (const std::string& id : added.split) touched.insert(id);
  t.link_ns += lap();

  store::WriteBatch batch(*db);
  for (const std::string& merged : added.merged) batch.Delete(store::Cf::kScores, ClusterScoreKey(merged));
  StageAdvertScore(score, batch);
  batch.Put(store::Cf::kMeta, PendingClusterKey(added.cluster_id), "");
  for (const std::string& id : added.split) batch.Put(store::Cf::kMeta, PendingClusterKey(id), "");
  nlohmann::json advert_json = advert;
  if (removed_unix > 0) advert_json["removed_unix"] = removed_unix;
  if (existing.has_value()) {
    // changed_unix: when the content last changed (kept while it does not;
    // photos stored after the page was processed are not a change).
    const bool changed = !same_page && Content(old) != Content(advert_json);
    const int64_t was = old.value("changed_unix", int64_t{0});
    if (changed) ++summary.adverts_changed;
    if (changed || was > 0) advert_json["changed_unix"] = changed ? advert.fetched_unix : was;
  }
  batch.Put(store::Cf::kAdverts, advert_id, store::EncodeRecord(advert_json));
  ADMON_RETURN_IF_ERROR(db->Write(batch));
  t.write_ns += lap();
  ++summary.adverts_parsed;
  return absl::OkStatus();
}

absl::StatusOr<bool> Pipeline::Impl::ImagesArrivedSince(const nlohmann::json& advert) const {
  auto images = advert.find("images");
  if (images == advert.end() || !images->is_array()) return false;
  store::CaptureStore captures(db);
  for (const nlohmann::json& image : *images) {
    if (!image.is_object() || !image.value("sha256", "").empty()) continue;
    ADMON_ASSIGN_OR_RETURN(std::optional<store::Capture> cap, captures.GetLatest(image.value("url", "")));
    if (cap.has_value() && !cap->body.empty()) return true;
  }
  return false;
}

absl::Status Pipeline::Impl::ScoreClusters(const std::vector<std::string>& roots) {
  const size_t per_batch = static_cast<size_t>(options.cluster_scores_per_batch);
  const size_t chunks = (roots.size() + per_batch - 1) / per_batch;
  // Chunk c of the roots, scored and written as one batch.
  auto score_chunk = [&](size_t c) -> absl::Status {
    store::WriteBatch batch(*db);
    for (size_t i = c * per_batch; i < std::min(roots.size(), (c + 1) * per_batch); ++i) {
      ADMON_RETURN_IF_ERROR(ScoreCluster(roots[i], batch));
    }
    return db->Write(batch);
  };
  if (pool == nullptr || chunks < 2) {
    for (size_t c = 0; c < chunks; ++c) ADMON_RETURN_IF_ERROR(score_chunk(c));
    return absl::OkStatus();
  }
  // Each chunk writes only its own clusters' score keys, and the linker's
  // reads may run together (dedupe.h), so the chunks may run at once.
  std::vector<absl::Status> status(chunks);
  pool->RunAll(chunks, [&](size_t c) { status[c] = score_chunk(c); });
  for (absl::Status& s : status) ADMON_RETURN_IF_ERROR(s);
  return absl::OkStatus();
}

absl::Status Pipeline::Impl::ScoreCluster(const std::string& id, store::WriteBatch& batch) {
  ADMON_ASSIGN_OR_RETURN(dedupe::Cluster cluster, linker->GetCluster(id));
  std::vector<parsers::Advert> adverts;
  std::vector<indicators::AdvertScore> scores;
  for (const std::string& member : cluster.members) {
    if (static_cast<int>(adverts.size()) >= options.max_cluster_members_scored) break;
    ADMON_ASSIGN_OR_RETURN(std::optional<std::string> raw, db->Get(store::Cf::kAdverts, member));
    if (!raw.has_value()) continue;
    ADMON_ASSIGN_OR_RETURN(nlohmann::json j, store::DecodeRecord(*raw, absl::StrCat("adverts/", member)));
    adverts.push_back(j.get<parsers::Advert>());
    scores.push_back(catalogue->ScoreAdvert(adverts.back()));
    scores.back().advert_id = member;
  }
  indicators::ClusterFacts facts = FactsFromMembers(cluster, adverts, scores);
  indicators::ClusterScore score = catalogue->ScoreCluster(facts);
  score.cluster_id = cluster.id;
  nlohmann::json j = score;
  j["facts"] = facts;
  batch.Put(store::Cf::kScores, ClusterScoreKey(cluster.id), store::EncodeRecord(j));
  return absl::OkStatus();
}

Pipeline::Pipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pipeline::~Pipeline() = default;

absl::StatusOr<std::unique_ptr<Pipeline>> Pipeline::Create(store::Db* db, const config::SitesConfig* sites,
                                                           const PipelineOptions& options) {
  if (options.threads < 0 || options.threads > kMaxThreads || options.batch_pages < 1 ||
      options.cluster_scores_per_batch < 1) {
    return absl::InvalidArgumentError(absl::StrCat("pipeline: threads ", options.threads, " not in [0, ", kMaxThreads,
                                                   "], batch_pages ", options.batch_pages, " or cluster_scores_per_batch ",
                                                   options.cluster_scores_per_batch, " < 1"));
  }
  auto impl = std::make_unique<Impl>();
  impl->db = db;
  impl->sites = sites;
  impl->options = options;
  impl->threads = options.threads > 0 ? options.threads
                                      : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (impl->threads > 1) impl->pool = std::make_unique<WorkPool>(impl->threads - 1);
  ADMON_ASSIGN_OR_RETURN(impl->catalogue, indicators::Catalogue::Load(options.indicators_path));
  ADMON_ASSIGN_OR_RETURN(impl->extractor, parsers::IdentifierExtractor::Create());
  ADMON_ASSIGN_OR_RETURN(impl->gazetteer, parsers::Gazetteer::LoadFile(options.gazetteer_path));
  ADMON_ASSIGN_OR_RETURN(impl->parser,
                         parsers::PageParser::Create({}, impl->extractor.get(), impl->gazetteer.get()));
  bool any_ocr = false;
  for (const auto& s : sites->sites) any_ocr = any_ocr || s.ocr;
  if (options.ocr && any_ocr) {
    // One Tesseract instance per thread that may OCR at once (the pool's cap).
    auto engine = parsers::OcrEngine::Create({.max_instances = std::max(2, impl->threads)});
    if (engine.ok()) {
      impl->ocr = *std::move(engine);
    } else {
      spdlog::warn("OCR unavailable, phones shown only in images will be missed: {}", SV(engine.status().message()));
    }
  }
  ADMON_ASSIGN_OR_RETURN(impl->linker, dedupe::Linker::Open(db, options.dedupe));
  ADMON_RETURN_IF_ERROR(impl->PrepareSites());
  return std::unique_ptr<Pipeline>(new Pipeline(std::move(impl)));
}

absl::StatusOr<ProcessSummary> Pipeline::ProcessPending() {
  store::CaptureStore captures(impl_->db);
  ADMON_ASSIGN_OR_RETURN(ProcessSummary summary,
                         impl_->Process([&](const PageFn& fn) { return captures.ScanAdvertPages("", fn); }, nullptr));
  std::ostringstream os;
  os << summary.stages;
  spdlog::info("process stages: {}", os.str());
  const store::Db::MemoryUsage m = impl_->db->Memory();
  spdlog::info("process memory: rocksdb memtables {} MB, table readers {} MB, block cache {} MB", m.memtables >> 20,
               m.table_readers >> 20, m.block_cache >> 20);
  return summary;
}

absl::StatusOr<ProcessSummary> Pipeline::ProcessPages(const std::vector<std::string>& urls) {
  store::CaptureStore captures(impl_->db);
  std::vector<store::PageState> pages;
  std::set<std::string, std::less<>> sites;
  for (const std::string& url : urls) {
    ADMON_ASSIGN_OR_RETURN(std::optional<store::PageState> page, captures.GetPage(url));
    if (!page || page->kind != store::CaptureKind::kAdvert || page->last_capture_key.empty()) continue;
    sites.insert(page->site);
    pages.push_back(*std::move(page));
  }
  return impl_->Process(
      [&](const PageFn& fn) -> absl::Status {
        for (const store::PageState& page : pages) {
          ADMON_ASSIGN_OR_RETURN(std::optional<store::Capture> cap, captures.GetByKey(page.last_capture_key));
          if (cap.has_value() && !fn(page, *cap)) break;
        }
        return absl::OkStatus();
      },
      &sites);
}

int Pipeline::FurniturePages(std::string_view site) const {
  auto it = impl_->site_states.find(site);
  return it == impl_->site_states.end() ? 0 : it->second.furniture.pages();
}

absl::StatusOr<ProcessSummary> Pipeline::Impl::Process(const PageScan& scan,
                                                       const std::set<std::string, std::less<>>* only_sites) {
  Impl& m = *this;
  ProcessSummary summary;
  StageTimes& t = summary.stages;
  Lap total, lap;
  const int64_t cpu0 = CpuNanos(CLOCK_PROCESS_CPUTIME_ID), main_cpu0 = CpuNanos(CLOCK_THREAD_CPUTIME_ID);
  for (auto& [name, state] : m.site_states) {
    if (only_sites == nullptr || only_sites->contains(name)) ADMON_RETURN_IF_ERROR(m.LearnFurniture(state));
  }
  t.furniture_ns += lap();
  std::set<std::string> touched;
  StageTimes workers;
  int64_t helped_ns = 0;
  ADMON_RETURN_IF_ERROR(m.ScanAndCommit(scan, summary, touched, workers, helped_ns));
  lap();
  if (only_sites == nullptr) ADMON_RETURN_IF_ERROR(m.ScorePending(touched, summary));
  t.cluster_score_ns += lap();
  t.total_ns = total();
  t.cpu_ns = CpuNanos(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  t.main_cpu_ns = CpuNanos(CLOCK_THREAD_CPUTIME_ID) - main_cpu0;
  // Here `t` holds the calling thread's own stages only.
  t.other_ns = t.total_ns - (t.furniture_ns + t.lookup_ns + t.parse_ns + t.image_read_ns + t.image_hash_ns +
                             t.ocr_ns + t.score_ns + t.link_ns + t.write_ns + t.cluster_score_ns + t.wait_ns +
                             helped_ns);
  t += workers;
  return summary;
}

// The touched clusters and those left unscored by an interrupted run (or by
// ProcessPages) are scored with this run's.
absl::Status Pipeline::Impl::ScorePending(std::set<std::string>& touched, ProcessSummary& summary) {
  Impl& m = *this;
  store::WriteBatch done(*m.db);
  ADMON_RETURN_IF_ERROR(m.db->Scan(store::Cf::kMeta, kPendingClusterPrefix, [&](std::string_view key, std::string_view) {
    touched.emplace(key.substr(kPendingClusterPrefix.size()));
    done.Delete(store::Cf::kMeta, key);
    return true;
  }));
  std::set<std::string> roots;
  for (const std::string& id : touched) {
    absl::StatusOr<std::string> root = m.linker->RootOf(id);
    if (absl::IsNotFound(root.status())) continue;  // purged since
    ADMON_RETURN_IF_ERROR(root.status());
    roots.insert(*root);
  }
  ADMON_RETURN_IF_ERROR(m.ScoreClusters(std::vector<std::string>(roots.begin(), roots.end())));
  summary.clusters_scored += static_cast<int64_t>(roots.size());
  return m.db->Write(done);  // the pending marks go only once every score is stored
}

absl::StatusOr<int64_t> Pipeline::RescoreAll() {
  Impl& m = *impl_;
  int64_t n = 0;
  store::WriteBatch batch(*m.db);
  absl::Status inner;
  ADMON_RETURN_IF_ERROR(m.db->Scan(store::Cf::kAdverts, "", [&](std::string_view key, std::string_view value) {
    auto j = store::DecodeRecord(value, absl::StrCat("adverts/", AV(key)));
    if (!j.ok()) {
      inner = j.status();
      return false;
    }
    parsers::Advert advert = j->get<parsers::Advert>();
    indicators::AdvertScore score = m.catalogue->ScoreAdvert(advert);
    score.advert_id = advert.id;
    StageAdvertScore(score, batch);
    ++n;
    if (batch.Count() >= 1000) {
      inner = m.db->Write(batch);
      batch.Clear();
    }
    return inner.ok();
  }));
  ADMON_RETURN_IF_ERROR(inner);
  ADMON_RETURN_IF_ERROR(m.db->Write(batch));
  std::vector<std::string> roots;
  ADMON_RETURN_IF_ERROR(m.linker->ForEachCluster([&](const dedupe::Cluster& c) {
    if (c.parent.empty()) roots.push_back(c.id);
    return true;
  }));
  ADMON_RETURN_IF_ERROR(m.ScoreClusters(roots));
  return n;
}

absl::Status Pipeline::RescoreClusters(const std::vector<std::string>& ids) {
  std::vector<std::string> roots;
  for (const std::string& id : ids) {
    auto root = impl_->linker->RootOf(id);
    if (absl::IsNotFound(root.status())) continue;
    ADMON_RETURN_IF_ERROR(root.status());
    if (*root == id) roots.push_back(id);
  }
  return impl_->ScoreClusters(roots);
}

const PipelineOptions& Pipeline::options() const { return impl_->options; }
const indicators::Catalogue& Pipeline::catalogue() const { return *impl_->catalogue; }
dedupe::Linker& Pipeline::linker() { return *impl_->linker; }

}  // namespace admon::app
