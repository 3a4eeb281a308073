#pragma once
/// @file
/// Reading a FHIR R4 JSON Bundle into the same PatientRecords the event-table CSV reader
/// produces for the equivalent data (docs/fhir.md gives the mapping). Every mapped value goes
/// through record::make_event, so both readers apply the same checks and unit rules; an error
/// names the Bundle path, the line and the column ("entry[3].resource.valueQuantity.value").

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cytostorm/record/event.hpp"
#include "cytostorm/record/input_error.hpp"

namespace cytostorm::io {

/// What a Bundle held besides the events: how many resources were left unmapped, by type.
struct FhirReadSummary {
  std::size_t entries = 0;  ///< Bundle entries read
  std::size_t events = 0;   ///< rows given to the PatientBuilders (patient facts included)
  std::size_t ignored = 0;  ///< resources that gave no event (other codes, Encounter, ...)
  std::map<std::string, std::size_t> ignored_by_type;  ///< `ignored`, by resourceType
};

/// Reads a FHIR R4 Bundle (type collection, batch, transaction or searchset) into one
/// PatientRecord per Patient.
/// @param text the JSON document (`//` and `/* */` comments are allowed)
/// @param file the name used in error messages
/// @return one record per Patient resource, in Bundle order, or the first error found
record::Result<std::vector<record::PatientRecord>> read_fhir_bundle(std::string_view text,
                                                                    const std::string& file);

/// As read_fhir_bundle(text, file), also saying what was not mapped.
/// @param text the JSON document
/// @param file the name used in error messages
/// @param summary filled with the counts of entries, events and ignored resources
/// @return one record per Patient resource, in Bundle order, or the first error found
record::Result<std::vector<record::PatientRecord>> read_fhir_bundle(std::string_view text,
                                                                    const std::string& file,
                                                                    FhirReadSummary& summary);

}  // namespace cytostorm::io
