// Copyright 2026 The admon Authors.
#include <sstream>

#include "dedupe/dedupe.h"
#include "gtest/gtest.h"

namespace admon::dedupe {
namespace {

Link To(const std::string& to, LinkType type, bool hub = false) {
  return Link{.from = "s:1", .to = to, .type = type, .hub = hub};
}

TEST(RelatedClustersTest, PhotoAndAccountLinksRankAboveTextAndHubLinksAreLeftOut) {
  // C2: three text links (copied wording). C3: one photo link. C4: only hub
  // links (furniture). C5: a photo and a text link.
  const std::vector<Link> outside = {To("s:a", LinkType::kText),      To("s:b", LinkType::kText),
                                     To("s:c", LinkType::kText),      To("s:d", LinkType::kImageNear),
                                     To("s:e", LinkType::kPhone, true), To("s:f", LinkType::kImageNear),
                                     To("s:g", LinkType::kText),      To("s:h", LinkType::kEmail)};
  const std::vector<std::string> other = {"C2", "C2", "C2", "C3", "C4", "C5", "C5", ""};  // s:h: cluster unknown
  const auto related = RankRelatedClusters(outside, other, 10);
  ASSERT_EQ(related.size(), 3u);
  EXPECT_EQ(related[0].id, "C5");  // 1 photo + 1 text
  EXPECT_EQ(related[1].id, "C3");  // 1 photo
  EXPECT_EQ(related[2].id, "C2");  // 3 text
  EXPECT_EQ(related[0].non_text, 1);
  EXPECT_EQ(related[2].links.at("text"), 3);
  std::ostringstream os;
  os << related[0];
  EXPECT_EQ(os.str(), "C5 (image_near 1, text 1)");
  EXPECT_EQ(Describe(related[2]), "C2 (text 3)");
  EXPECT_EQ(RankRelatedClusters(outside, other, 2).size(), 2u);  // the limit keeps the best ranked
  EXPECT_EQ(RankRelatedClusters(outside, other, 2)[1].id, "C3");
}

}  // namespace
}  // namespace admon::dedupe
