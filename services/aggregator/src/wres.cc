// WRES indicators 2 to 9 (DOMAIN.md): relative likelihoods oriented so that
// above 1.00 is adverse to BME staff; survey percentages; board vs workforce.
#include <map>
#include <set>
#include <tuple>
#include <unordered_set>

#include "dxhub/aggregator/indicators.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::aggregator {

using namespace dxhub::event::v1;

namespace {

struct GroupCounts {
  int64_t white = 0;
  int64_t bme = 0;
  void Add(EthnicGroup g, int64_t n = 1) {
    if (g == EthnicGroup::kWhite) white += n;
    if (g == EthnicGroup::kBme) bme += n;
  }
};

// WRES 2: (White appointed / White shortlisted) / (BME appointed / BME shortlisted).
void AddRecruitment(const Snapshot& s, CellSink& out) {
  const int64_t from = MonthsBefore(s.census_day, out.settings().recruitment_window_months);
  const RecruitmentTally tally = s.RecruitmentIn(from, s.census_day);
  GroupCounts shortlisted, appointed;
  for (const EthnicGroup g : {EthnicGroup::kWhite, EthnicGroup::kBme}) {
    shortlisted.Add(g, tally.shortlisted[static_cast<size_t>(g)]);
    appointed.Add(g, tally.appointed[static_cast<size_t>(g)]);
  }
  out.RelativeLikelihood("wres2_appointed_rl", "White_vs_BME", appointed.white, shortlisted.white, appointed.bme,
                         shortlisted.bme);
  out.Proportion("wres2_appointed_rate", "group=White", appointed.white, shortlisted.white);
  out.Proportion("wres2_appointed_rate", "group=BME", appointed.bme, shortlisted.bme);
}

// Distinct people with a fact of `type` in (from, census], by their ethnic
// group as recorded on the fact's date. A person counts only through their
// timeline (under whichever of their keys the fact carries), so distinct
// people are distinct timelines; org by org, each person's first fact in
// (day, seq) order gives their group.
GroupCounts PeopleWith(const Snapshot& s, const std::string& type, int64_t from) {
  std::unordered_set<const Timeline*> seen;
  GroupCounts counts;
  for (const ScopeOrg& org : s.orgs) {
    for (const auto& f : s.index->PersonFacts(*org.state, type, from, s.census_day)) {
      if (f.person == nullptr || !seen.insert(f.person).second) continue;
      if (f.known) counts.Add(f.group);
    }
  }
  return counts;
}

// WRES 3 (BME vs White entering disciplinary) and 4 (White vs BME accessing
// training); denominators = headcount by group at the census date.
void AddCasesAndTraining(const Snapshot& s, CellSink& out) {
  GroupCounts headcount;
  for (const Member& m : s.workforce) headcount.Add(m.group);
  const auto& settings = out.settings();
  const GroupCounts cases =
      PeopleWith(s, "disciplinary_case", MonthsBefore(s.census_day, settings.disciplinary_window_months));
  out.RelativeLikelihood("wres3_disciplinary_rl", "BME_vs_White", cases.bme, headcount.bme, cases.white,
                         headcount.white);
  const GroupCounts trained =
      PeopleWith(s, "training_access", MonthsBefore(s.census_day, settings.training_window_months));
  out.RelativeLikelihood("wres4_training_rl", "White_vs_BME", trained.white, headcount.white, trained.bme,
                         headcount.bme);
}

// WRES 5-8: each org's latest result per question and group, summed over the scope.
void AddSurvey(const Snapshot& s, CellSink& out) {
  std::map<std::tuple<std::string, std::string, int>, const Fact*> latest;
  for (const Fact* f : s.FactsIn("survey_result", INT64_MIN, s.census_day)) {
    const auto& r = f->event.survey_result();
    latest[{r.question(), f->event.org_id(), r.group()}] = f;  // facts come in (day, seq) order per org
  }
  struct Answers { int64_t positive = 0, respondents = 0; };
  std::map<std::string, std::map<int, Answers>> by_question;
  for (const auto& [key, f] : latest) {
    const auto& r = f->event.survey_result();
    if (r.respondents() < 0 || r.positive() < 0 || r.positive() > r.respondents()) continue;
    auto& a = by_question[std::get<0>(key)][std::get<2>(key)];
    a.positive += r.positive();
    a.respondents += r.respondents();
  }
  for (const char* q : {"wres5", "wres6", "wres7", "wres8"}) {
    auto it = by_question.find(q);
    if (it == by_question.end()) continue;
    const Answers w = it->second[SURVEY_GROUP_WHITE];
    const Answers b = it->second[SURVEY_GROUP_BME];
    out.Proportion(std::string(q) + "_percent", "group=White", w.positive, w.respondents);
    out.Proportion(std::string(q) + "_percent", "group=BME", b.positive, b.respondents);
    out.DifferencePp(std::string(q) + "_bme_vs_white_pp", "BME_vs_White", b.positive, b.respondents, w.positive,
                     w.respondents);
  }
}

// WRES 9: BME % of voting board members minus BME % of the workforce.
void AddBoard(const Snapshot& s, CellSink& out) {
  std::map<std::pair<std::string, std::string>, const Fact*> seats;
  for (const Fact* f : s.FactsIn("board_membership", INT64_MIN, s.census_day)) {
    seats[{f->event.org_id(), s.PersonOf(f->event.org_id(), f->event.board_membership().member_key())}] = f;
  }
  GroupCounts board;
  int64_t board_known = 0;
  for (const auto& [key, f] : seats) {
    const auto& b = f->event.board_membership();
    if (b.board_role() != BOARD_ROLE_VOTING) continue;
    if (b.has_ended_on() && !protocol::IsUnset(b.ended_on()) && protocol::DaysFromCivil(b.ended_on()) < s.census_day) {
      continue;
    }
    board.Add(GroupOf(b.ethnicity()));
  }
  board_known = board.white + board.bme;
  GroupCounts workforce;
  for (const Member& m : s.workforce) workforce.Add(m.group);
  out.Proportion("wres9_board_bme_share", "voting", board.bme, board_known);
  out.DifferencePp("wres9_board_vs_workforce_pp", "voting", board.bme, board_known, workforce.bme,
                   workforce.white + workforce.bme);
}

}  // namespace

void AddWres(const Snapshot& s, CellSink& out) {
  AddRecruitment(s, out);
  AddCasesAndTraining(s, out);
  AddSurvey(s, out);
  AddBoard(s, out);
}

}  // namespace dxhub::aggregator
