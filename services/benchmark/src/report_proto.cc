// The report as the query API's protobuf message: every field of the model,
// nothing recomputed.
#include "dxhub/benchmark/render.h"

namespace dxhub::benchmark {
namespace {

namespace pb = dxhub::benchmark::v1;

void SetQuartiles(const std::optional<Quartiles>& q, pb::Quartiles* out) {
  out->set_n(static_cast<uint32_t>(q->n));
  out->set_q1(q->q1);
  out->set_median(q->median);
  out->set_q3(q->q3);
}

pb::PlaceBand ToPlaceBand(const std::optional<Band>& band) {
  if (!band) return pb::PLACE_BAND_UNSPECIFIED;
  switch (*band) {
    case Band::kLowestQuarter: return pb::PLACE_BAND_LOWEST_QUARTER;
    case Band::kMiddleHalf: return pb::PLACE_BAND_MIDDLE_HALF;
    case Band::kHighestQuarter: return pb::PLACE_BAND_HIGHEST_QUARTER;
  }
  return pb::PLACE_BAND_UNSPECIFIED;
}

void AddThemes(const std::vector<ThemeEntry>& themes, google::protobuf::RepeatedPtrField<pb::Theme>* out) {
  for (const auto& t : themes) {
    auto* theme = out->Add();
    theme->set_question_id(t.question->id);
    theme->set_title(t.question->title);
    theme->set_count(static_cast<uint32_t>(t.count));
    theme->set_of(static_cast<uint32_t>(t.of));
  }
}

}  // namespace

pb::BenchmarkReport ToProto(const BenchmarkReport& report) {
  pb::BenchmarkReport out;
  *out.mutable_cycle() = report.cycle;
  out.set_provisional(report.provisional);
  out.set_cycle_seq(report.cycle_seq);
  out.set_framework_version(report.framework.version);
  out.set_framework_sha256(report.framework.sha256);
  AddThemes(report.shared_strengths, out.mutable_shared_strengths());
  AddThemes(report.shared_gaps, out.mutable_shared_gaps());
  for (const auto& s : report.submissions) {
    auto* sub = out.add_submissions();
    sub->set_org_id(s.org_id);
    sub->set_self_assessment(s.self_assessment);
    sub->set_reviewer_org_id(s.reviewer);
    sub->set_review(s.review);
  }
  for (const auto& m : report.missing) out.add_missing(m);
  for (const auto& q : report.questions) {
    auto* question = out.add_questions();
    question->set_question_id(q.question->id);
    question->set_work_stream(q.question->work_stream);
    question->set_title(q.question->title);
    for (const auto& r : q.ratings) {
      auto* rating = question->add_ratings();
      rating->set_org_id(r.org_id);
      rating->set_self_level(static_cast<uint32_t>(r.self_level.value_or(0)));
      rating->set_moderated_level(static_cast<uint32_t>(r.moderated_level.value_or(0)));
      rating->set_evidence(r.evidence);
      rating->set_reviewer_org_id(r.reviewer);
      rating->set_comment(r.comment);
    }
    if (q.place) SetQuartiles(q.place, question->mutable_place());
    for (int count : q.distribution) question->add_distribution(static_cast<uint32_t>(count));
    question->set_reviewed(static_cast<uint32_t>(q.reviewed));
    for (const auto& org : q.learn_from) question->add_learn_from(org);
  }
  for (const auto& g : report.gaps) {
    auto* gap = out.add_gaps();
    gap->set_org_id(g.org_id);
    gap->set_reviewer_org_id(g.reviewer);
    gap->set_rated(static_cast<uint32_t>(g.rated));
    gap->set_moderated_down(static_cast<uint32_t>(g.moderated_down));
    gap->set_moderated_up(static_cast<uint32_t>(g.moderated_up));
    gap->set_mean_gap(g.mean_gap);
  }
  for (const auto& i : report.indicators) {
    auto* indicator = out.add_indicators();
    indicator->set_indicator(i.link.name);
    indicator->set_breakdown(i.link.breakdown);
    indicator->set_better(BetterName(i.link.better));
    for (const auto& id : i.question_ids) indicator->add_question_ids(id);
    for (const auto& v : i.values) {
      auto* value = indicator->add_values();
      value->set_org_id(v.org_id);
      value->set_present(v.present);
      value->set_suppressed(v.suppressed);
      value->set_defined(v.defined);
      if (v.published()) {
        value->set_value(v.value);
        value->set_numerator(v.numerator);
        value->set_denominator(v.denominator);
        value->set_four_fifths(v.four_fifths);
      }
      value->set_band(ToPlaceBand(v.band));
    }
    if (i.place) SetQuartiles(i.place, indicator->mutable_place());
    if (i.place_value) indicator->set_place_value(*i.place_value);
    indicator->set_place_suppressed(i.place_suppressed);
  }
  for (const auto& note : report.comparability) out.add_comparability(note);
  return out;
}

}  // namespace dxhub::benchmark
