// How two sets of settings (a stage's parameters, its compute environment) differ, in the words
// `make status`, `mmpr-art check-lock` and the report's replicate check all print:
// "parameter lr: 0.0002 → 0.0005", a setting present on one side only shown as "(unset)".
import JSON

/// One line per setting whose value differs between `earlier` and `later`, by name, each as
/// "`label` name: earlier → later" in canonical JSON; the names in `except` are not compared.
public func settingChanges(_ label: String, from earlier: JSONObject, to later: JSONObject, except: Set<String> = []) -> [String] {
    func text(_ value: JSONValue?) -> String { value.map { JSONWriter.canonical.string($0) } ?? "(unset)" }
    return Set(earlier.keys).union(later.keys).subtracting(except).sorted().compactMap { name in
        earlier[name] == later[name] ? nil : "\(label) \(name): \(text(earlier[name])) → \(text(later[name]))"
    }
}
