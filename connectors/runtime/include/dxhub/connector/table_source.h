// Where a connector's tables come from: the CSV connector reads files; SQL
// and SCIM sources will implement the same interface. A source lists the
// staff extracts it has (each with its census date, oldest first) and the
// event tables, reads them, and is told afterwards which were sent and which
// were refused, so a drop folder can move them to processed/ or failed/. One thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/connector/connector_config.h"
#include "dxhub/connector/table.h"
#include "dxhub/event/v1/types.pb.h"

namespace dxhub::connector {

struct TableRef {
  std::string name;         // file path or query name, as errors should show it
  std::string fingerprint;  // changes whenever the content changes
  std::optional<dxhub::event::v1::Date> census;  // staff extracts only
  std::optional<EventFileKind> kind;             // event tables only
};

class TableSource {
 public:
  virtual ~TableSource() = default;
  // Staff extracts, oldest census first; event tables after them.
  virtual Result<std::vector<TableRef>> List() = 0;
  virtual Result<Table> Read(const TableRef& ref) = 0;
  // Called after a run for each table it enqueued (`ok`) and, when the run was
  // refused, for each table that was itself refused (not `ok`). The other
  // tables of a refused run are not finished: nothing of them was sent, so
  // they must stay where the next run reads them again.
  virtual Status Finish(const TableRef& ref, bool ok) = 0;
  // What the last List() passed over or decided that a person should know,
  // one line each ("ignored: notes.txt (does not match staff_files 'staff_*.csv')").
  virtual std::vector<std::string> Notices() const { return {}; }
};

}  // namespace dxhub::connector
