// Defect 5 of issue 15: a partner that rotates its pseudonymisation secret
// sends one person_key_rotation per person, then everything under the new
// keys. The figures must be those of the same history without the rotation,
// whatever order the rotations arrive in and after a restart (which reloads
// timelines before the rotation facts).
#include <unistd.h>

#include <filesystem>
#include <set>

#include "dxhub/aggregator/engine.h"
#include "dxhub/common/crypto.h"
#include "fixture.h"

namespace dxhub::aggregator::testing {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kCensusDates = {"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31",
                                               "2023-03-31", "2023-06-30"};
constexpr char kRotationDate[] = "2022-10-15";

// The key the same person gets under the new secret.
std::string NewKey(const std::string& old_key) { return "v2:" + Sha256Hex("rotated:" + old_key); }

// Two years of an org: joins, promotions, leavers, training, cases, a board
// seat that ends after the rotation, programme completions. Every event up to
// `kRotationDate` comes first.
History Baseline() {
  History h;
  h.Staffs(0, 30, "2022-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  h.Staffs(100, 30, "2022-01-10", TIER_CORE, ETHNICITY_J_ASIAN_PAKISTANI);
  h.Staffs(200, 12, "2022-01-10", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  for (int n : {0, 1, 100, 101, 102}) h.Training(n, "2022-05-01");
  h.Disciplinary(103, "2022-06-01");
  for (int n = 0; n < 4; ++n) h.Left(n, "2022-08-01");
  Event seat = h.Envelope("2022-02-01");
  auto* b = seat.mutable_board_membership();
  b->set_member_key(protocol::SampleKey("member-1"));
  b->set_board_role(BOARD_ROLE_VOTING);
  b->set_ethnicity(ETHNICITY_J_ASIAN_PAKISTANI);
  h.Add(seat);
  for (int n : {100, 101, 4}) {
    Event e = h.Envelope("2022-09-01");
    auto* p = e.mutable_programme_participation();
    p->set_person_key(History::Person(n));
    p->set_programme_id("mentoring");
    p->set_cohort_id("2022");
    p->set_status(PROGRAMME_STATUS_COMPLETED);
    h.Add(e);
  }
  // After the rotation date: promotions of people trained before it, more
  // training and cases for the same people, leavers, joiners, the seat ends.
  for (int n : {100, 101, 5}) h.Staff(n, "2022-12-31", TIER_MIDDLE, n < 100 ? ETHNICITY_A_WHITE_BRITISH : ETHNICITY_J_ASIAN_PAKISTANI);
  for (int n : {10, 100, 101, 110}) h.Training(n, "2023-01-15");
  h.Disciplinary(103, "2023-02-01");
  for (int n = 104; n < 110; ++n) h.Left(n, "2023-02-15");
  h.Staffs(300, 8, "2023-03-31", TIER_CORE, ETHNICITY_M_BLACK_CARIBBEAN);
  b->mutable_ended_on()->set_year(2023);
  b->mutable_ended_on()->set_month(1);
  b->mutable_ended_on()->set_day(31);
  h.Add(seat);
  h.Staff(4, "2023-05-01", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  return h;
}

// The key fields of a payload that name a person or board member.
std::vector<std::string*> KeysOf(Event& e) {
  switch (e.payload_case()) {
    case Event::kStaffRecord: return {e.mutable_staff_record()->mutable_person_key()};
    case Event::kStaffLeft: return {e.mutable_staff_left()->mutable_person_key()};
    case Event::kTrainingAccess: return {e.mutable_training_access()->mutable_person_key()};
    case Event::kDisciplinaryCase: return {e.mutable_disciplinary_case()->mutable_person_key()};
    case Event::kProgrammeParticipation: return {e.mutable_programme_participation()->mutable_person_key()};
    case Event::kBoardMembership: return {e.mutable_board_membership()->mutable_member_key()};
    default: return {};
  }
}

// The baseline as a rotating partner sends it: events after the first
// `before` under new keys, and one rotation per key seen so far, sent after
// `before` events (or after everything when `rotations_last`, as a restart
// that loads timelines before facts sees them).
History Rotated(size_t before, bool rotations_last) {
  History base = Baseline();
  History h;
  std::set<std::string> keys;
  auto rotations = [&] {
    for (const auto& key : keys) {
      Event e = h.Envelope("2024-06-01");  // the day of the rotation, after every census date
      auto* r = e.mutable_person_key_rotation();
      r->set_old_person_key(key);
      r->set_new_person_key(NewKey(key));
      r->set_new_key_version(2);
      h.Add(e);
    }
  };
  for (size_t i = 0; i < base.events().size(); ++i) {
    Event e = base.events()[i].event();
    if (i == before && !rotations_last) rotations();
    for (std::string* key : KeysOf(e)) {
      if (i < before) keys.insert(*key);
      else *key = NewKey(*key);
    }
    h.Add(e);
  }
  if (rotations_last) rotations();
  return h;
}

size_t EventsBeforeRotation() {
  History base = Baseline();
  size_t n = 0;
  while (n < base.events().size() &&
         protocol::DaysFromCivil(base.events()[n].event().occurred_at()) <= Day(kRotationDate)) {
    ++n;
  }
  return n;
}

std::string Cubes(const State& state) {
  std::string all;
  for (const std::string scope : {"BTHFT", "place"}) {
    for (const auto& date : kCensusDates) all += ComputeCube(state, scope, Day(date), ExactSettings(), {}).DebugString();
  }
  return all;
}

TEST(SecretRotation, D5_FiguresAfterAKeyRotationEqualThoseWithoutIt) {
  const size_t before = EventsBeforeRotation();
  ASSERT_GT(before, 10u);
  const std::string expected = Cubes(Baseline().Build());
  // The test can fail: new keys without the rotation events are new people.
  History unlinked = Rotated(before, false);
  std::erase_if(unlinked.events(), [](const StoredEvent& e) { return e.event().has_person_key_rotation(); });
  ASSERT_NE(Cubes(unlinked.Build()), expected);

  EXPECT_EQ(Cubes(Rotated(before, false).Build()), expected) << "rotations sent before the new keys";
  EXPECT_EQ(Cubes(Rotated(before, true).Build()), expected) << "rotations applied after the new keys";
}

TEST(SecretRotation, D5_SecondRotationChainsToTheFirstKey) {
  History h = Rotated(EventsBeforeRotation(), false);
  const State once = h.Build();
  // Rotate one v2 key again, to v3, and send a record under the v3 key.
  Event e = h.Envelope("2024-07-01");
  auto* r = e.mutable_person_key_rotation();
  r->set_old_person_key(NewKey(History::Person(100)));
  r->set_new_person_key("v3:" + Sha256Hex("again"));
  r->set_new_key_version(3);
  h.Add(e);
  // The person's record under the v3 key: the same facts as their last record.
  StaffRecord& again = h.Staff(100, "2023-06-01", TIER_MIDDLE, ETHNICITY_J_ASIAN_PAKISTANI);
  again.set_person_key("v3:" + Sha256Hex("again"));
  const State twice = h.Build();
  const auto& org = twice.orgs().at("BTHFT");
  EXPECT_EQ(org.Canonical("v3:" + Sha256Hex("again")), History::Person(100));
  EXPECT_EQ(org.people.size(), once.orgs().at("BTHFT").people.size());
  EXPECT_EQ(Cubes(twice), Cubes(once));
}

class SecretRotationEngine : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    dir_ = fs::temp_directory_path() / ("dxhub-agg-rotation-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Digest(const std::string& sub, std::vector<StoredEvent> events) {
    auto engine = Engine::Open(dir_ / sub, ExactSettings());
    EXPECT_TRUE(engine.ok());
    EXPECT_TRUE((*engine)->Apply(events).ok());
    EXPECT_TRUE((*engine)->Refresh().ok());
    return AllCubesDigest((*engine)->cubes());
  }
  fs::path dir_;
};

TEST_F(SecretRotationEngine, D5_DigestEqualsTheUnrotatedOneLiveAndAfterRestart) {
  const std::string expected = Digest("baseline", Baseline().events());
  EXPECT_EQ(Digest("rotated", Rotated(EventsBeforeRotation(), false).events()), expected);
  // A restart loads every timeline (old and new keys apart), then the facts,
  // rotations among them: the state must be the same as live.
  auto reopened = Engine::Open(dir_ / "rotated", ExactSettings());
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(Cubes((*reopened)->state()), Cubes(Baseline().Build()));
}

}  // namespace
}  // namespace dxhub::aggregator::testing
