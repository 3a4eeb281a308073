#pragma once
/// @file
/// Writing one patient as a FHIR R4 Bundle that read_fhir_bundle (io/fhir_bundle.hpp) reads
/// back to the same rows, hence the same grades: a Patient and one Observation per patient fact
/// and event, coded `<kind>.<item>` in urn:cytostorm:fhir:event (docs/fhir.md).

#include <nlohmann/json.hpp>

#include "cytostorm/record/event.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::io {

/// The patient as a collection Bundle. FHIR times are date-times: a patient written in ISO 8601
/// times keeps its instants (written in UTC, as the record keeps no offset); one written in
/// hours since infusion is placed with the infusion at 2000-01-01T00:00:00Z, which gives the
/// same hours and calendar days back.
/// @param patient the patient (its events in time order, as the readers give them)
/// @return the Bundle, or an error when events have times but there is no infusion to place
///   them (FHIR has no "hours since infusion")
record::Result<nlohmann::ordered_json> fhir_bundle(const record::PatientRecord& patient);

}  // namespace cytostorm::io
