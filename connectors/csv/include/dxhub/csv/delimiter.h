// Which delimiter a delimited text file uses, when the config leaves it to
// each file: the candidates are ',', '~', tab, ';' and '|'; the one that
// splits the header line (outside quotes) into the most fields while the
// first data rows split into as many wins. Also names delimiters for
// messages. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "dxhub/connector/table.h"

namespace dxhub::csv {

// The delimiters detection chooses between, in order of preference on a tie.
const std::string& CandidateDelimiters();

// The candidate that splits `text`'s header into the most fields (more than
// one) with the first data rows consistent with it; a consistent candidate
// beats an inconsistent one. ',' when no candidate splits the header.
char DetectDelimiter(std::string_view text);

// "delimiter ','", "delimiter '~'", "delimiter tab".
std::string DelimiterName(char delimiter);

// Records in `table` that `delimiter` split it, and how each other candidate
// that splits the header would have read it.
void DescribeSplit(std::string_view text, char delimiter, connector::Table& table);

}  // namespace dxhub::csv
