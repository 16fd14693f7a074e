// The digest's cron parser (services/digest cron.h): the input is a cron
// expression. ParseCron must answer every text with an expression or an error
// naming the field and column; an expression it returns must keep every field
// in range and match at least one minute and one hour.
#include <string>

#include "dxhub/digest/cron.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = dxhub::fuzz::AsText(data, size);
  auto cron = dxhub::digest::ParseCron(text);
  if (!cron.ok()) {
    if (cron.status().message().rfind("cron \"", 0) != 0) dxhub::fuzz::Broken("a cron error that does not quote the expression");
    return 0;
  }
  if (cron->minutes.none() || cron->hours.none() || cron->months.none()) {
    dxhub::fuzz::Broken("a cron expression that never fires");
  }
  if (cron->days_of_month.test(0) || cron->months.test(0)) dxhub::fuzz::Broken("day or month 0 set");
  for (unsigned month = 1; month <= 12; ++month) {
    for (unsigned day = 1; day <= 31; ++day) (void)cron->MatchesDay(month, day, (month + day) % 7);
  }
  return 0;
}
