/// A comparison operator of ContextFrame's structured filters.
public enum FilterOperator: String, CaseIterable, Sendable, Hashable {
    /// Equal. With ``FilterValue/null``: the field is absent. On a list field: the list has the element.
    case eq
    /// Not equal; true for absent fields. With ``FilterValue/null``: the field is present.
    /// On a list field: the list lacks the element.
    case ne
    /// Less than.
    case lt
    /// Less than or equal.
    case lte
    /// Greater than.
    case gt
    /// Greater than or equal.
    case gte
    /// Equal to one of the listed values. On a list field: the list has one of them.
    case `in`
    /// Equal to none of the listed values; true for absent fields. On a list field: the list has none of them.
    case nin
    /// With `true`: the field is present (lists and maps: non-empty). With `false`: it is not.
    case exists
    /// Case-sensitive substring match on text. On a list field: the list has the element.
    case contains
    /// List fields: the list has at least one of the values.
    case any
    /// List fields: the list has every one of the values.
    case all
}
