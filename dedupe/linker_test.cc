// Copyright 2026 The admon Authors.
#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "dedupe/dedupe.h"
#include "dedupe/linker_impl.h"
#include "dedupe/test_util.h"
#include "gtest/gtest.h"

namespace admon::dedupe {
namespace {

using testing::AddImage;
using testing::MakeAdvert;
using testing::OpenLinker;
using testing::Partition;
using testing::TempDb;

constexpr int64_t kDay = 86400;
constexpr int64_t kT0 = 1795000000;  // 2026-11-19

// The one link `id` has (an empty Link, and a failure, otherwise).
// The adverts `id` has a text link to.
std::set<std::string> TextLinksTo(const Linker& linker, const std::string& id) {
  std::set<std::string> out;
  auto links = linker.LinksOf(id);
  EXPECT_TRUE(links.ok()) << links.status();
  if (!links.ok()) return out;
  for (const auto& l : *links) {
    if (l.type == LinkType::kText && l.from == id) out.insert(l.to);
  }
  return out;
}

Link OnlyLink(const Linker& linker, const std::string& id) {
  auto links = linker.LinksOf(id);
  EXPECT_TRUE(links.ok()) << links.status();
  if (!links.ok() || links->size() != 1) {
    ADD_FAILURE() << id << ": expected exactly one link";
    return Link{};
  }
  return (*links)[0];
}

// Adds `a` then `b`, expects them in different clusters and returns the one
// (evidence-only) link `b` has.
Link AddApartWithOneLink(Linker& linker, const parsers::Advert& a, const parsers::Advert& b) {
  EXPECT_TRUE(linker.Add(a, kT0).ok());
  auto rb = linker.Add(b, kT0);
  EXPECT_TRUE(rb.ok()) << rb.status();
  EXPECT_NE(*linker.ClusterOf(a.id), *linker.ClusterOf(b.id)) << a.id << " and " << b.id << " merged";
  return OnlyLink(linker, b.id);
}

std::string Template(const std::string& name, int age, const std::string& town, const std::string& phone) {
  return "Hello gentlemen my name is " + name + " I am " + std::to_string(age) +
         " years young and brand new in " + town +
         " visiting for a few days only so do not miss me sweet playful girl with a lovely smile "
         "ring me on " + phone + " outcalls to hotels available all night please no withheld numbers";
}

TEST(LinkerTest, SharedPhoneLinksAndMergesAdverts) {
  TempDb tmp("phone");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto r1 = linker->Add(MakeAdvert("s:1", "Anna", "+447700900001"), kT0);
  auto r2 = linker->Add(MakeAdvert("s:2", "Bea", "+447700900002"), kT0);
  auto r3 = linker->Add(MakeAdvert("t:3", "Cleo", "+447700900001"), kT0 + 10);
  ASSERT_TRUE(r1.ok() && r2.ok() && r3.ok());
  EXPECT_TRUE(r1->new_cluster);
  EXPECT_EQ(r3->cluster_id, r1->cluster_id);
  EXPECT_NE(r2->cluster_id, r1->cluster_id);
  auto links = linker->LinksOf("t:3");
  ASSERT_TRUE(links.ok());
  ASSERT_EQ(links->size(), 1u);
  EXPECT_EQ((*links)[0].type, LinkType::kPhone);
  EXPECT_EQ((*links)[0].value, "+447700900001");
  EXPECT_EQ((*links)[0].to, "s:1");
  EXPECT_FALSE((*links)[0].hub);
  auto back = linker->LinksOf("s:1");
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].to, "t:3");
}

TEST(LinkerTest, NearDuplicateImagesLinkWithinRadiusOnly) {
  TempDb tmp("image");
  auto db = tmp.Open();
  // Every link merges here, so clusters show which pairs were linked; the
  // corroboration rule for near images is pinned in the tests below.
  const DedupeOptions all_merge{.image_radius = 8, .weak_links_need_corroboration = false};
  auto linker = OpenLinker(db.get(), all_merge);
  const uint64_t h = 0x0123456789abcdefull;
  auto a = MakeAdvert("s:1", "Anna");
  AddImage(a, h);
  auto near = MakeAdvert("s:2", "Bea");
  AddImage(near, h ^ 0x0000000000000ff0ull ^ 0x1000000000000000ull);  // 9 bits
  auto near8 = MakeAdvert("s:3", "Cleo");
  AddImage(near8, h ^ 0x00000000000000ffull);  // 8 bits
  auto far = MakeAdvert("s:4", "Dora");
  AddImage(far, h ^ 0x0000fff000000000ull);  // 12 bits (and >8 from the others)
  ASSERT_TRUE(linker->Add(a, kT0).ok());
  auto r2 = linker->Add(near, kT0);
  auto r3 = linker->Add(near8, kT0);
  auto r4 = linker->Add(far, kT0);
  ASSERT_TRUE(r2.ok() && r3.ok() && r4.ok());
  auto c1 = linker->ClusterOf("s:1");
  ASSERT_TRUE(c1.ok());
  EXPECT_EQ(r3->cluster_id, *c1);        // 8 bits: within radius
  EXPECT_NE(r2->cluster_id, *c1);        // 9 bits from s:1 ...
  EXPECT_NE(r4->cluster_id, *c1);        // 12 bits
  auto links = linker->LinksOf("s:3");
  ASSERT_TRUE(links.ok());
  bool found = false;
  for (const auto& l : *links) {
    if (l.to == "s:1") {
      found = true;
      EXPECT_EQ(l.type, LinkType::kImageNear);
      EXPECT_EQ(l.distance, 8);
    }
  }
  EXPECT_TRUE(found);
  // Survives a restart: the in-memory index is rebuilt at open.
  linker.reset();
  linker = OpenLinker(db.get(), all_merge);
  auto again = MakeAdvert("s:5", "Eve");
  AddImage(again, h ^ 0x3ull);
  auto r5 = linker->Add(again, kT0 + kDay);
  ASSERT_TRUE(r5.ok());
  EXPECT_EQ(r5->cluster_id, *c1);
}

TEST(LinkerTest, TemplatedTextMergesOnlyWhenCorroboratedAndAloneIsRecordedOnlyWithTextMaxLinks) {
  // text_max_links 0 (the default): a text link only between adverts with
  // other evidence; 5: also to the nearest others, as evidence only.
  for (int cap : {0, 5}) {
    SCOPED_TRACE(cap);
    TempDb tmp("text" + std::to_string(cap));
    auto db = tmp.Open();
    auto linker = OpenLinker(db.get(), {.text_max_links = cap});
    auto a = MakeAdvert("s:1", "Anna", "+447700900001");
    a.location.town = "Leeds";
    a.age = 21;
    a.description = Template("Anna", 21, "Leeds", "07700 900001");
    auto b = MakeAdvert("t:2", "Bianca", "+447700900002");
    b.location.town = "Bradford";
    b.age = 24;
    b.description = Template("Bianca", 24, "Bradford", "07700 900002");
    // An independent advert sharing only generic phrases.
    auto c = MakeAdvert("s:3", "Cara", "+447700900003");
    c.description =
        "Hello gentlemen I am an independent mature lady living locally in my own clean flat with parking "
        "outcalls to hotels available all night please no withheld numbers and I like to take my time";
    ASSERT_TRUE(linker->Add(a, kT0).ok());
    auto rb = linker->Add(b, kT0);
    auto rc = linker->Add(c, kT0);
    ASSERT_TRUE(rb.ok() && rc.ok());
    auto ca = linker->ClusterOf("s:1");
    ASSERT_TRUE(ca.ok());
    // Template kits are shared by unrelated posters: text alone never merges.
    EXPECT_NE(rb->cluster_id, *ca);
    EXPECT_NE(rc->cluster_id, *ca);
    if (cap == 0) {
      EXPECT_TRUE(linker->LinksOf("t:2")->empty());
    } else {
      const Link text = OnlyLink(*linker, "t:2");
      EXPECT_EQ(text.type, LinkType::kText);
      EXPECT_FALSE(text.hub);
      EXPECT_GE(text.jaccard, 0.9);
    }
    EXPECT_TRUE(linker->LinksOf("s:3")->empty());  // merely similar: no link at all
    // The same template plus a near-duplicate photo (another family), added
    // to both adverts with their text unchanged: merged.
    const uint64_t photo = 0x0f0f1234abcd5678ull;
    AddImage(a, photo);
    AddImage(b, photo ^ 0x5ull);
    ASSERT_TRUE(linker->Add(a, kT0 + kDay).ok());
    auto rb2 = linker->Add(b, kT0 + kDay);
    ASSERT_TRUE(rb2.ok()) << rb2.status();
    EXPECT_EQ(rb2->cluster_id, *linker->ClusterOf("s:1"));
    EXPECT_NE(*linker->ClusterOf("s:3"), rb2->cluster_id);
  }
}

TEST(LinkerTest, PhotoCorroboratedTextLinksDoNotDependOnTheLshBuckets) {
  // Twelve adverts on one template, then one sharing a near-duplicate photo
  // with the oldest. With the LSH index (cap 3), buckets read only one advert
  // deep (the newest) cannot offer the oldest as a candidate, yet its text
  // link is found (the two signatures are compared directly) and the pair
  // merges; without the index (cap 0) the same.
  for (int cap : {0, 3}) {
    SCOPED_TRACE(cap);
    TempDb tmp("textdirect" + std::to_string(cap));
    auto db = tmp.Open();
    auto linker = OpenLinker(db.get(), {.text_max_bucket = 1, .text_max_links = cap});
    const uint64_t photo = 0x0f0f1234abcd5678ull;
    for (int i = 0; i < 13; ++i) {
      const std::string name = "Name" + std::string(1, static_cast<char>('a' + i));
      const std::string phone = "+4477009001" + std::to_string(10 + i);
      auto a = MakeAdvert("d:" + std::to_string(i), name, phone);
      a.description = Template(name, 20 + i, "Leeds", phone);
      if (i == 0) AddImage(a, photo);
      if (i == 12) AddImage(a, photo ^ 0x3ull);
      ASSERT_TRUE(linker->Add(a, kT0 + i).ok());
    }
    // d:0, and with the index the newest copy (the only one read).
    const std::set<std::string> want = cap == 0 ? std::set<std::string>{"d:0"} : std::set<std::string>{"d:0", "d:11"};
    EXPECT_EQ(TextLinksTo(*linker, "d:12"), want);
    EXPECT_EQ(*linker->ClusterOf("d:12"), *linker->ClusterOf("d:0"));
    EXPECT_NE(*linker->ClusterOf("d:12"), *linker->ClusterOf("d:11"));
  }
}

TEST(LinkerTest, TextLinksPerAdvertAreBoundedButPhotoCorroboratedOnesAreAllKept) {
  // Nine adverts on one template; the last shares a near-duplicate photo
  // with the one before it. With text_max_links 3 it keeps the 3 most
  // similar (ties: oldest first) plus the corroborated pair, which merges.
  for (int cap : {3, 50}) {
    TempDb tmp("textcap" + std::to_string(cap));
    auto db = tmp.Open();
    auto linker = OpenLinker(db.get(), {.text_max_links = cap});
    const char* names[] = {"Anna", "Bea", "Cleo", "Dana", "Eve", "Fay", "Gia", "Hana", "Ines"};
    for (int i = 0; i < 9; ++i) {
      const std::string phone = "+4477009000" + std::to_string(10 + i);
      auto a = MakeAdvert("t:" + std::to_string(i), names[i], phone);
      a.description = Template(names[i], 20 + i, "Leeds", phone);
      if (i >= 7) AddImage(a, 0x0f0f1234abcd5678ull ^ static_cast<uint64_t>(i));
      ASSERT_TRUE(linker->Add(a, kT0).ok());
    }
    if (cap == 3) {
      EXPECT_EQ(TextLinksTo(*linker, "t:8"), (std::set<std::string>{"t:0", "t:1", "t:2", "t:7"}));
    } else {
      EXPECT_EQ(TextLinksTo(*linker, "t:8").size(), 8u);
    }
    EXPECT_EQ(*linker->ClusterOf("t:8"), *linker->ClusterOf("t:7")) << cap;
    EXPECT_NE(*linker->ClusterOf("t:8"), *linker->ClusterOf("t:0")) << cap;
  }
}

TEST(LinkerTest, ATextLinkGoesWithTheLastOtherLinkOfItsPair) {
  // Default (text_max_links 0): two adverts on one template sharing a phone
  // have a text link; when one is re-added with another phone and the same
  // text, the pair shares nothing else and keeps no link at all.
  TempDb tmp("textorphan");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto a = MakeAdvert("o:1", "Anna", "+447700900001");
  a.description = Template("Anna", 21, "Leeds", "07700 900001");
  auto b = MakeAdvert("o:2", "Bea", "+447700900001");
  b.description = Template("Bea", 22, "Leeds", "07700 900001");
  ASSERT_TRUE(linker->Add(a, kT0).ok());
  ASSERT_TRUE(linker->Add(b, kT0).ok());
  auto links = linker->LinksOf("o:2");
  ASSERT_TRUE(links.ok()) << links.status();
  std::set<std::string> types;
  for (const auto& l : *links) types.insert(LinkTypeName(l.type));
  EXPECT_EQ(types, (std::set<std::string>{"phone", "text"}));
  auto b2 = MakeAdvert("o:2", "Bea", "+447700900002");
  b2.description = b.description;
  ASSERT_TRUE(linker->Add(b2, kT0 + kDay).ok());
  EXPECT_TRUE(linker->LinksOf("o:2")->empty());
  EXPECT_TRUE(linker->LinksOf("o:1")->empty());
  EXPECT_NE(*linker->ClusterOf("o:1"), *linker->ClusterOf("o:2"));
}

TEST(LinkerTest, NearestTextLinksSurviveARestart) {
  // text_max_links > 0: the LSH index is rebuilt from the stored signatures
  // at open, so an advert added after a restart finds the earlier copies.
  TempDb tmp("textrestart");
  auto db = tmp.Open();
  const char* names[] = {"Anna", "Bea", "Cleo", "Dana"};
  for (int i = 0; i < 4; ++i) {
    auto linker = OpenLinker(db.get(), {.text_max_links = 2});  // a restart before each advert
    const std::string phone = "+4477009002" + std::to_string(10 + i);
    auto a = MakeAdvert("r:" + std::to_string(i), names[i], phone);
    a.description = Template(names[i], 30 + i, "York", phone);
    ASSERT_TRUE(linker->Add(a, kT0 + i).ok());
  }
  auto linker = OpenLinker(db.get(), {.text_max_links = 2});
  // Equal similarity everywhere: the oldest two.
  EXPECT_EQ(TextLinksTo(*linker, "r:3"), (std::set<std::string>{"r:0", "r:1"}));
  EXPECT_EQ(linker->LinksOf("r:0")->size(), 3u);  // from r:1, r:2 and r:3
}

TEST(LinkerTest, NearDuplicatePhotoAloneDoesNotMergeButTwoIndependentPhotosDo) {
  TempDb tmp("near_corroborate");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  const uint64_t p1 = 0x0123456789abcdefull, p2 = 0xfedcba9876543210ull;
  // One look-alike picture (e.g. two text-on-white phone cards): evidence only.
  auto a = MakeAdvert("s:1", "Anna", "+447700900001");
  AddImage(a, p1);
  auto b = MakeAdvert("s:2", "Bea", "+447700900002");
  AddImage(b, p1 ^ 0x3ull);
  const Link near = AddApartWithOneLink(*linker, a, b);
  EXPECT_EQ(near.type, LinkType::kImageNear);
  EXPECT_FALSE(near.hub);
  // Two different photos matching two different photos: merged.
  auto c = MakeAdvert("s:3", "Cleo", "+447700900003");
  AddImage(c, p1 ^ 0x30ull);
  AddImage(c, p2);
  auto d = MakeAdvert("s:4", "Dora", "+447700900004");
  AddImage(d, p1 ^ 0x300ull);
  AddImage(d, p2 ^ 0x1ull);
  ASSERT_TRUE(linker->Add(c, kT0).ok());
  auto rd = linker->Add(d, kT0);
  ASSERT_TRUE(rd.ok());
  EXPECT_EQ(rd->cluster_id, *linker->ClusterOf("s:3"));
  // a and b stay apart (each matches one of c's and d's photos only).
  EXPECT_NE(*linker->ClusterOf("s:1"), rd->cluster_id);
  EXPECT_NE(*linker->ClusterOf("s:2"), rd->cluster_id);
  EXPECT_NE(*linker->ClusterOf("s:1"), *linker->ClusterOf("s:2"));
}

TEST(LinkerTest, SharedEmailMergesUnlessTheAdvertsListDifferentPhones) {
  TempDb tmp("account");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto with_email = [](parsers::Advert a, const std::string& email) {
    parsers::Email e;
    e.address = email;
    e.raw = email;
    a.emails.push_back(e);
    return a;
  };
  // Same address, one advert without a phone: nothing conflicts, merged.
  ASSERT_TRUE(linker->Add(with_email(MakeAdvert("s:1", "Anna", "+447700900001"), "anna@example.com"), kT0).ok());
  auto r2 = linker->Add(with_email(MakeAdvert("s:2", "Anna"), "anna@example.com"), kT0);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->cluster_id, *linker->ClusterOf("s:1"));
  // A booking address on adverts with different phones (a booking service, a
  // brand name): recorded, not merged ...
  auto c = with_email(MakeAdvert("s:3", "Cleo", "+447700900003"), "bookings@brand.example");
  auto d = with_email(MakeAdvert("s:4", "Dora", "+447700900004"), "bookings@brand.example");
  const Link email = AddApartWithOneLink(*linker, c, d);
  EXPECT_EQ(email.type, LinkType::kEmail);
  EXPECT_EQ(email.value, "bookings@brand.example");
  // ... unless a near-duplicate photo corroborates it.
  AddImage(c, 0x0123456789abcdefull);
  AddImage(d, 0x0123456789abcdefull ^ 0x11ull);
  ASSERT_TRUE(linker->Add(c, kT0 + kDay).ok());
  auto r4b = linker->Add(d, kT0 + kDay);
  ASSERT_TRUE(r4b.ok());
  EXPECT_EQ(r4b->cluster_id, *linker->ClusterOf("s:3"));
}

TEST(LinkerTest, ChangedAdvertWithAConflictingPhoneLeavesTheCluster) {
  TempDb tmp("account_change");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto a = MakeAdvert("s:1", "Anna", "+447700900001");
  auto b = MakeAdvert("s:2", "Anna");
  for (auto* x : {&a, &b}) {
    parsers::Handle h;
    h.platform = "telegram";
    h.handle = "anna_leeds";
    x->handles.push_back(h);
  }
  ASSERT_TRUE(linker->Add(a, kT0).ok());
  ASSERT_TRUE(linker->Add(b, kT0).ok());
  EXPECT_EQ(*linker->ClusterOf("s:1"), *linker->ClusterOf("s:2"));
  // s:2 now shows another number: the shared handle alone no longer merges.
  b.phones = MakeAdvert("s:2", "Anna", "+447700900222").phones;
  auto r = linker->Add(b, kT0 + kDay);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_NE(*linker->ClusterOf("s:1"), *linker->ClusterOf("s:2"));
  EXPECT_FALSE(r->split.empty());
  EXPECT_EQ(OnlyLink(*linker, "s:2").type, LinkType::kHandle);  // kept as evidence
  auto c1 = linker->GetCluster(*linker->ClusterOf("s:1"));
  ASSERT_TRUE(c1.ok());
  EXPECT_EQ(c1->stats.adverts, 1);
  EXPECT_TRUE(c1->stats.links.empty());
}

TEST(LinkerTest, HubPhoneOnManyAdvertsDoesNotMergeThem) {
  TempDb tmp("hub");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  std::vector<std::string> clusters;
  std::string promoted;
  size_t split = 0;
  for (int i = 0; i < 200; ++i) {
    auto a = MakeAdvert("s:" + std::to_string(i), "Name" + std::to_string(i), "+441130000000");
    a.phones.push_back(a.phones[0]);
    a.phones[1].e164 = "+4477009" + std::to_string(10000 + i);
    auto r = linker->Add(a, kT0 + i);
    ASSERT_TRUE(r.ok()) << r.status();
    if (!r->hubs_promoted.empty()) {
      promoted = r->hubs_promoted[0];
      split = r->split.size();
    }
  }
  EXPECT_EQ(promoted, "phone:+441130000000");
  EXPECT_EQ(split, 51u);  // the 51 adverts merged so far are split apart
  auto hub = linker->IsHub("phone:+441130000000");
  ASSERT_TRUE(hub.ok());
  EXPECT_TRUE(*hub);
  auto part = Partition(*linker);
  EXPECT_EQ(part.size(), 200u);  // every advert alone
  // Links recorded before promotion are kept but flagged.
  auto links = linker->LinksOf("s:0");
  ASSERT_TRUE(links.ok());
  ASSERT_FALSE(links->empty());
  for (const auto& l : *links) EXPECT_TRUE(l.hub) << l;
  // A real network phone on a few adverts still merges them.
  ASSERT_TRUE(linker->Add(MakeAdvert("s:x", "X", "+447700000111"), kT0).ok());
  auto r = linker->Add(MakeAdvert("s:y", "Y", "+447700000111"), kT0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*linker->ClusterOf("s:x"), r->cluster_id);
}

TEST(LinkerTest, NetworkPhoneAndHandleOnManyAdvertsUnderManyNamesAreNotHubs) {
  // One network: 120 adverts under 60 names on 6 sites, one phone and one
  // handle throughout; some adverts also list one of three other network
  // phones. Its adverts fall into at most 3 phone groups besides the shared
  // phone, so neither identifier is a hub and the network stays one cluster.
  TempDb tmp("network");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  const std::string others[] = {"+447700900201", "+447700900202", "+447700900203"};
  for (int i = 0; i < 120; ++i) {
    auto a = MakeAdvert(absl::StrCat("s", i % 6, ":", i), absl::StrCat("Name", i % 60), "+447700900100");
    if (i % 2 == 0) {
      a.phones.push_back(a.phones[0]);
      a.phones[1].e164 = others[i % 3];
    }
    parsers::Handle h;
    h.platform = "telegram";
    h.handle = "vip_net";
    a.handles.push_back(h);
    auto r = linker->Add(a, kT0 + i);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->hubs_promoted.empty()) << "advert " << i << ": " << r->hubs_promoted[0];
  }
  EXPECT_FALSE(*linker->IsHub("phone:+447700900100"));
  EXPECT_FALSE(*linker->IsHub("handle:telegram:vip_net"));
  EXPECT_EQ(Partition(*linker).size(), 1u);
}

TEST(LinkerTest, AddressSharedByUnrelatedPostersUnderFewNamesIsAHub) {
  // Twelve posters, each with their own phone, on one site under three
  // names, all listing the same address: 60 adverts in 12 phone groups. Few
  // names do not make them one poster; the address is a hub and each poster
  // stays its own cluster (the 1 M test-site corpus chained 66,556 adverts
  // through such addresses while names were a precondition).
  TempDb tmp("shared_address");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  const char* names[] = {"Amy", "Beth", "Cara"};
  std::string promoted;
  int promoted_at = -1;
  for (int i = 0; i < 60; ++i) {
    const int poster = i % 12;
    auto a = MakeAdvert(absl::StrCat("s:", i), names[poster % 3], absl::StrCat("+4477009002", 10 + poster));
    parsers::Email e;
    e.address = "vip.bookings7@gmail.com";
    a.emails.push_back(e);
    auto r = linker->Add(a, kT0 + i);
    ASSERT_TRUE(r.ok()) << r.status();
    if (!r->hubs_promoted.empty()) {
      promoted = r->hubs_promoted[0];
      promoted_at = i;
    }
  }
  EXPECT_EQ(promoted, "email:vip.bookings7@gmail.com");
  EXPECT_EQ(promoted_at, 50);  // the 51st advert: past hub_min_adverts (50)
  EXPECT_TRUE(*linker->IsHub("email:vip.bookings7@gmail.com"));
  EXPECT_EQ(Partition(*linker).size(), 12u);
}

TEST(LinkerTest, AccountSharedByTwoPostersDoesNotPlaceAPhonelessAdvert) {
  // Posters A and B (different phones) share an address; X and Y list only
  // the address. Which poster X belongs to is unknown, so X joins neither,
  // in whichever order the adverts arrive, and after a restart; a
  // near-duplicate photo still places Z with A.
  auto with_email = [](parsers::Advert a) {
    parsers::Email e;
    e.address = "bookings@example.com";
    a.emails.push_back(e);
    return a;
  };
  const std::vector<parsers::Advert> adverts = {with_email(MakeAdvert("s:x", "Xena")),
                                                with_email(MakeAdvert("s:a", "Ann", "+447700900301")),
                                                with_email(MakeAdvert("s:b", "Bea", "+447700900302"))};
  const std::set<std::set<std::string>> apart = {{"s:a"}, {"s:b"}, {"s:x"}};
  for (const std::vector<int>& order : {std::vector<int>{0, 1, 2}, {1, 2, 0}, {1, 0, 2}}) {
    TempDb tmp("shared_account");
    auto db = tmp.Open();
    auto linker = OpenLinker(db.get());
    for (int i : order) ASSERT_TRUE(linker->Add(adverts[static_cast<size_t>(i)], kT0).ok());
    EXPECT_EQ(Partition(*linker), apart) << "order " << order[0] << order[1] << order[2];
    auto x_links = linker->LinksOf("s:x");  // kept as evidence: not hubs
    ASSERT_TRUE(x_links.ok());
    ASSERT_EQ(x_links->size(), 2u);
    for (const auto& l : *x_links) EXPECT_TRUE(l.type == LinkType::kEmail && !l.hub) << l;
    linker.reset();
    linker = OpenLinker(db.get());
    auto y = with_email(MakeAdvert("s:y", "Yve"));
    ASSERT_TRUE(linker->Add(y, kT0).ok());
    auto z = with_email(MakeAdvert("s:z", "Zoe"));
    AddImage(z, 0x0F0F0F0F0F0F0F0Full);
    auto a2 = with_email(MakeAdvert("s:a2", "Ann", "+447700900301"));
    AddImage(a2, 0x0F0F0F0F0F0F0F0Full ^ 0x3ull);
    ASSERT_TRUE(linker->Add(a2, kT0).ok());
    ASSERT_TRUE(linker->Add(z, kT0).ok());
    const std::set<std::set<std::string>> want = {{"s:a", "s:a2", "s:z"}, {"s:b"}, {"s:x"}, {"s:y"}};
    EXPECT_EQ(Partition(*linker), want);
  }
  // One poster's address still places a phone-less advert.
  TempDb tmp("own_account");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  ASSERT_TRUE(linker->Add(adverts[1], kT0).ok());
  ASSERT_TRUE(linker->Add(adverts[0], kT0).ok());
  EXPECT_EQ(Partition(*linker), (std::set<std::set<std::string>>{{"s:a", "s:x"}}));
}

TEST(HubRuleTest, PhoneGroupsJoinAdvertsSharingAPhoneAndSkipIgnoredPhones) {
  using namespace std::string_literals;
  const std::string a = "+441\0+442"s, b = "+442"s, c = "+443"s, d = "+449\0+444"s, none;
  auto ignore_449 = [](std::string_view p) { return p == "+449"; };
  // a and b share +442; c alone; d's +449 is ignored, +444 alone; none: no group.
  EXPECT_EQ(PhoneGroups({a, b, c, d, none}, ignore_449), 3);
  EXPECT_EQ(PhoneGroups({"+449"s, "+449"s}, ignore_449), 0);  // only an ignored phone: no group
  // Transitive: x-y share +45, y-z share +46.
  EXPECT_EQ(PhoneGroups({"+45"s, "+45\0+46"s, "+46"s}, [](std::string_view) { return false; }), 1);
  const std::string v = PostingValue("anna", "velvet", {"email:a@b.c", "phone:+441", "phone:+442"});
  const PostingFields f = ParsePostingValue(v);
  EXPECT_EQ(f.name, "anna");
  EXPECT_EQ(f.site, "velvet");
  EXPECT_EQ(f.phones, "+441\0+442"s);
  EXPECT_EQ(ParsePostingValue("bob"s + '\0' + "velvet").phones, "");  // written before phones were added
}

// Two adverts in clusters of their own (s:1 first), then s:3 carrying both
// their phones, which merges the two clusters.
struct Bridged {
  absl::StatusOr<AddResult> old, young, bridge;
};
Bridged AddTwoThenBridge(Linker& linker) {
  Bridged b;
  b.old = linker.Add(MakeAdvert("s:1", "Anna", "+447700900001"), kT0);
  b.young = linker.Add(MakeAdvert("s:2", "Bea", "+447700900002"), kT0 + kDay);
  auto bridge = MakeAdvert("s:3", "Cleo", "+447700900002");
  bridge.phones.push_back(bridge.phones[0]);
  bridge.phones[1].e164 = "+447700900001";
  b.bridge = linker.Add(bridge, kT0 + 2 * kDay);
  return b;
}

TEST(LinkerTest, MergeKeepsOlderClusterIdAndRecordsTheMerge) {
  TempDb tmp("merge");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto [old, young, r] = AddTwoThenBridge(*linker);
  ASSERT_TRUE(old.ok() && young.ok() && r.ok());
  EXPECT_EQ(r->cluster_id, old->cluster_id);
  EXPECT_EQ(r->merged, std::vector<std::string>{young->cluster_id});
  auto c = linker->GetCluster(old->cluster_id);
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->merged_from.size(), 1u);
  EXPECT_EQ(c->merged_from[0].from, young->cluster_id);
  EXPECT_EQ(c->merged_from[0].unix, kT0 + 2 * kDay);
  EXPECT_EQ(c->members, (std::vector<std::string>{"s:1", "s:2", "s:3"}));
  EXPECT_EQ(c->first_seen, kT0);
  auto merged = linker->GetCluster(young->cluster_id);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->parent, old->cluster_id);
  EXPECT_EQ(*linker->ClusterOf("s:2"), old->cluster_id);
}

// The pipeline computes an advert's text signature on a worker, before
// filling its images may add OCR phones: Add uses it only while the advert
// still has the fields it was computed from.
TEST(LinkerTest, ATextSignatureComputedAheadIsUsedOnlyWhileItFitsTheAdvert) {
  TempDb tmp("text_ahead");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto a = MakeAdvert("s:1", "Anna", "+447700900001");
  a.description = Template("Anna", 21, "Leeds", "07700 900001");
  ASSERT_TRUE(linker->Add(a, kT0).ok());
  // Same phone, so the texts are compared; same template, so a text link.
  auto b = MakeAdvert("s:2", "Bea", "+447700900001");
  b.description = Template("Bea", 22, "York", "07700 900001");
  auto stale = b;
  stale.description =
      "Hello gentlemen I am an independent mature lady living locally in my own clean flat with parking "
      "outcalls to hotels available all night please no withheld numbers and I like to take my time";
  const TextSignature stale_sig = ComputeTextSignature(stale, linker->options());
  ASSERT_FALSE(stale_sig.sig.empty());
  ASSERT_TRUE(linker->Add(b, kT0, &stale_sig).ok());
  EXPECT_EQ(TextLinksTo(*linker, "s:2"), std::set<std::string>{"s:1"});
  auto c = MakeAdvert("s:3", "Bea", "+447700900001");  // s:2's repost
  c.description = b.description;
  const TextSignature ahead = ComputeTextSignature(c, linker->options());
  ASSERT_TRUE(linker->Add(c, kT0, &ahead).ok());
  EXPECT_EQ(TextLinksTo(*linker, "s:3"), (std::set<std::string>{"s:1", "s:2"}));
  // A phone added after the signature was computed (as OCR does) changes the
  // slots removed from the text: the signature no longer fits.
  auto d = MakeAdvert("s:4", "Dora", "+447700900001");
  d.description = Template("Dora", 24, "Selby", "07700 900001");
  const TextSignature before_ocr = ComputeTextSignature(d, linker->options());
  d.phones.push_back(d.phones[0]);
  d.phones[1].raw = "Dora";
  EXPECT_NE(ComputeTextSignature(d, linker->options()).input, before_ocr.input);
}

TEST(LinkerTest, RootOfAMergedClusterIsTheClusterItMergedInto) {
  TempDb tmp("root_of");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto [old, young, bridge] = AddTwoThenBridge(*linker);
  ASSERT_TRUE(old.ok() && young.ok() && bridge.ok());
  ASSERT_NE(old->cluster_id, young->cluster_id);
  EXPECT_EQ(*linker->RootOf(young->cluster_id), old->cluster_id);
  EXPECT_EQ(*linker->RootOf(old->cluster_id), old->cluster_id);
  auto unknown = linker->RootOf("C99999999");
  EXPECT_TRUE(absl::IsNotFound(unknown.status())) << unknown.status();
  EXPECT_NE(unknown.status().message().find("C99999999"), std::string_view::npos);
  // The merge is in the store: a Linker opened later finds the same root.
  linker.reset();
  auto reopened = OpenLinker(db.get());
  EXPECT_EQ(*reopened->RootOf(young->cluster_id), old->cluster_id);
  EXPECT_EQ(*reopened->ClusterOf("s:2"), old->cluster_id);
  EXPECT_EQ(*reopened->RootOf(old->cluster_id), old->cluster_id);
}

// A small world: networks sharing phones, images and templated text across
// names, plus independents and a furniture phone on many adverts.
// Network n's own template: the base words in a network-specific order, so
// different networks share words but (almost) no 5-word shingles.
std::string NetworkTemplate(int n, const parsers::Advert& a, int age) {
  std::vector<std::string> words = {"hello", "gentlemen", "sweet", "playful", "girl", "with", "lovely", "smile",
                                    "visiting", "for", "few", "days", "only", "so", "do", "not", "miss", "me",
                                    "outcalls", "to", "hotels", "available", "all", "night", "please", "no",
                                    "withheld", "numbers", "brand", "new", "in", "town", "call", "now", "kisses"};
  std::mt19937 rng(n + 100);
  std::shuffle(words.begin(), words.end(), rng);
  std::string text = "my name is " + a.name + " age " + std::to_string(age) + " in " + a.location.town + " ";
  for (const auto& w : words) text += w + " ";
  return text;
}

std::vector<parsers::Advert> World() {
  std::vector<parsers::Advert> out;
  const char* towns[] = {"Leeds", "Hull", "York", "Derby"};
  for (int n = 0; n < 6; ++n) {
    for (int k = 0; k < 8; ++k) {
      auto a = MakeAdvert("net" + std::to_string(n) + ":" + std::to_string(k), "Girl" + std::to_string(n * 10 + k),
                          "+4477001" + std::to_string(n * 100 + k % 3));  // 3 phones per network
      a.location.town = towns[(n + k) % 4];
      if (k % 2 == 0) AddImage(a, 0x1111222233334444ull * (n + 1) ^ (uint64_t{1} << k));
      if (n % 2 == 0) a.description = NetworkTemplate(n, a, 20 + k);
      if (k == 7) a.phones.clear();  // linked by text or image only
      if (k == 7) AddImage(a, 0x1111222233334444ull * (n + 1));
      out.push_back(a);
    }
  }
  for (int i = 0; i < 70; ++i) {
    auto a = MakeAdvert("ind:" + std::to_string(i), "Solo" + std::to_string(i), "+4478005" + std::to_string(i % 35));
    a.phones.push_back(a.phones[0]);
    a.phones[1].e164 = "+441130000999";  // furniture: becomes a hub
    out.push_back(a);
  }
  return out;
}

TEST(LinkerTest, FinalClusteringIsIndependentOfOrderBatchingAndRestarts) {
  auto world = World();
  std::set<std::set<std::string>> reference;
  {
    TempDb tmp("order_a");
    auto db = tmp.Open();
    auto linker = OpenLinker(db.get());
    for (const auto& a : world) ASSERT_TRUE(linker->Add(a, kT0).ok());
    reference = Partition(*linker);
  }
  // Even networks (templated text + near photos) whole; in odd networks the
  // three phone groups are tied by single near-duplicate photos only, which do
  // not merge, and the phone-less advert stays alone; the furniture phone
  // merged nothing.
  size_t net0 = 0, net1 = 0;
  for (const auto& s : reference) {
    if (s.count("net0:0")) net0 = s.size();
    if (s.count("net1:0")) net1 = s.size();
  }
  EXPECT_EQ(net0, 8u);
  EXPECT_EQ(net1, 3u);  // net1:0, net1:3, net1:6 share a phone
  EXPECT_EQ(reference.size(), 3u + 3u * 4u + 35u);
  for (int seed = 1; seed <= 2; ++seed) {
    auto shuffled = world;
    std::mt19937 rng(seed);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    TempDb tmp("order_b" + std::to_string(seed));
    auto db = tmp.Open();
    auto linker = OpenLinker(db.get());
    for (size_t i = 0; i < shuffled.size(); ++i) {
      ASSERT_TRUE(linker->Add(shuffled[i], kT0 + static_cast<int64_t>(i)).ok());
      if (i == shuffled.size() / 2) {  // close and reopen half way
        linker.reset();
        db.reset();
        db = tmp.Open();
        linker = OpenLinker(db.get());
      }
    }
    EXPECT_EQ(Partition(*linker), reference) << "seed " << seed;
  }
}

TEST(LinkerTest, ReAddingSameVersionChangesNothing) {
  TempDb tmp("idem");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  auto a = MakeAdvert("s:1", "Anna", "+447700900001");
  ASSERT_TRUE(linker->Add(a, kT0).ok());
  ASSERT_TRUE(linker->Add(MakeAdvert("s:2", "Bea", "+447700900001"), kT0).ok());
  auto before = linker->GetCluster(*linker->ClusterOf("s:1"));
  auto r = linker->Add(a, kT0);
  ASSERT_TRUE(r.ok() && before.ok());
  EXPECT_TRUE(r->unchanged);
  auto after = linker->GetCluster(r->cluster_id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(nlohmann::json(*after).dump(), nlohmann::json(*before).dump());
  EXPECT_EQ(linker->LinksOf("s:1")->size(), 1u);
}

TEST(LinkerTest, ChangedAdvertDropsItsOldLinksAndSplits) {
  TempDb tmp("change");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  ASSERT_TRUE(linker->Add(MakeAdvert("s:1", "Anna", "+447700900001"), kT0).ok());
  ASSERT_TRUE(linker->Add(MakeAdvert("s:2", "Bea", "+447700900001"), kT0).ok());
  EXPECT_EQ(*linker->ClusterOf("s:1"), *linker->ClusterOf("s:2"));
  auto r = linker->Add(MakeAdvert("s:2", "Bea", "+447700900777"), kT0 + kDay);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->unchanged);
  EXPECT_NE(*linker->ClusterOf("s:1"), *linker->ClusterOf("s:2"));
  EXPECT_TRUE(linker->LinksOf("s:1")->empty());
  auto c1 = linker->GetCluster(*linker->ClusterOf("s:1"));
  ASSERT_TRUE(c1.ok());
  EXPECT_EQ(c1->stats.adverts, 1);
  EXPECT_EQ(c1->stats.phones.distinct(), 1);
}

TEST(LinkerTest, StatisticsCountDistinctValuesPerClusterAndWeek) {
  TempDb tmp("stats");
  auto db = tmp.Open();
  auto linker = OpenLinker(db.get());
  const uint64_t img = 0xfeedfacecafebeefull;
  auto a = MakeAdvert("s:1", "Anna", "+447700900001");
  a.location.town = "Leeds";
  a.location.force = "West Yorkshire Police";
  a.age = 21;
  a.nationalities = {"romanian"};
  AddImage(a, img, "aa");
  auto b = MakeAdvert("t:2", "Bea", "+447700900001");
  b.location.town = "Leeds";
  b.location.force = "West Yorkshire Police";
  b.age = 22;
  b.nationalities = {"romanian"};
  auto c = MakeAdvert("s:3", "Cleo", "+447700900003");
  c.location.town = "Hull";
  c.location.force = "Humberside Police";
  c.age = 21;
  AddImage(c, img, "aa");  // same image under a different phone and name
  ASSERT_TRUE(linker->Add(a, kT0).ok());
  ASSERT_TRUE(linker->Add(b, kT0).ok());
  auto r = linker->Add(c, kT0 + 7 * kDay);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(linker->MarkRemoved("t:2", kT0 + 8 * kDay).ok());
  auto cl = linker->GetCluster(r->cluster_id);
  ASSERT_TRUE(cl.ok());
  const auto& s = cl->stats;
  EXPECT_EQ(s.adverts, 3);
  EXPECT_EQ(s.live, 2);
  EXPECT_EQ(s.removed, 1);
  EXPECT_EQ(s.phones.distinct(), 2);
  EXPECT_EQ(s.names.distinct(), 3);
  EXPECT_EQ(s.ages.distinct(), 2);
  EXPECT_EQ(s.towns.distinct(), 2);
  EXPECT_EQ(s.sites.distinct(), 2);
  EXPECT_EQ(s.nationalities.distinct(), 1);
  EXPECT_EQ(s.towns_by_week.size(), 2u);
  auto f = Figures(*cl);
  EXPECT_EQ(f.reused_images, 1);
  EXPECT_EQ(f.town_moves, 1);
  EXPECT_EQ(f.max_adverts_per_phone_per_day, 2);
  EXPECT_EQ(f.phone_links, 1);
  EXPECT_EQ(f.image_links, 2);  // exact sha + near (distance 0)
  EXPECT_EQ(f.new_on_day, 1);
  EXPECT_EQ(f.first_seen, kT0);
  EXPECT_EQ(f.last_seen, kT0 + 7 * kDay);
  EXPECT_TRUE(linker->MarkRemoved("t:2", kT0 + 9 * kDay).ok());  // idempotent
  EXPECT_EQ(linker->GetCluster(r->cluster_id)->stats.removed, 1);
  EXPECT_EQ(linker->MarkRemoved("nope:1", kT0).code(), absl::StatusCode::kNotFound);
}

TEST(LinkerTest, OpenRejectsBadOptions) {
  TempDb tmp("opts");
  auto db = tmp.Open();
  EXPECT_FALSE(Linker::Open(db.get(), {.image_radius = 40}).ok());
  EXPECT_FALSE(Linker::Open(db.get(), {.text_bands = 100, .text_rows = 4}).ok());
}

}  // namespace
}  // namespace admon::dedupe
