// Answers the aggregator's query calls (indicators, restatements, cube
// digest) from a refreshed CubeSet. Cubes hold published cells only, so
// nothing here can reveal a suppressed figure; a family filter only drops
// cells. Pure functions; the caller refreshes the CubeSet first.
#pragma once

#include "dxhub/aggregator/config.h"
#include "dxhub/aggregator/cube_set.h"
#include "dxhub/wire/v1/wire.pb.h"

namespace dxhub::aggregator {

dxhub::aggregator::v1::IndicatorResponse AnswerIndicators(const CubeSet& set,
                                                          const dxhub::aggregator::v1::IndicatorRequest& request,
                                                          uint64_t applied_seq);
dxhub::aggregator::v1::RestatementListResponse AnswerRestatements(
    const CubeSet& set, const dxhub::aggregator::v1::RestatementListRequest& request);
dxhub::aggregator::v1::CubeDigestResponse AnswerDigest(const CubeSet& set, uint64_t applied_seq);

// The configured district population as an indicator reply carries it (the
// reference of the population_gap_pp cells; census figures, published as given).
dxhub::aggregator::v1::ReferencePopulation PublishedReference(const ReferencePopulation& population);

// One line on how current an indicator answer is: the sequence applied, the
// store's head, and whether the aggregator is still catching up (partial figures).
std::string DescribeFreshness(const dxhub::aggregator::v1::IndicatorResponse& response);

// Adds the organisations of `scope` (every organisation for the place) whose
// inputs were held out of the figures by the calendar bounds.
void AddHeldOut(const State& state, const std::string& scope, dxhub::aggregator::v1::IndicatorResponse& response);

// One data-quality warning per organisation in `response.held_out`, e.g.
// "BTHFT: 1 input held out of the figures (dated more than the horizon after it
// was sent); the latest, staff_record seq 1234, is dated 2200-12-31: correct the
// date at source".
std::vector<std::string> DescribeHeldOut(const dxhub::aggregator::v1::IndicatorResponse& response);

// The words for a cell's change since the previous census date: "up", "down",
// "no significant change", or "" when there is none to state.
std::string ChangeWords(dxhub::aggregator::v1::Change change);

// Normalises a requested scope: "" and "PLACE" (any case) mean the place.
std::string ScopeOf(const std::string& requested);

}  // namespace dxhub::aggregator
