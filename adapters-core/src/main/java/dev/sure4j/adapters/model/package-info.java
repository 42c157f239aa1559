/**
 * The adapted model and the method registry: {@link dev.sure4j.adapters.model.AdapterModel} (add,
 * activate, freeze, count, merge and delete adapters on any {@code AdaptableModel}), {@link
 * dev.sure4j.adapters.model.AdapterMethods} (every registered method, by name and by spec type) and
 * the {@link dev.sure4j.adapters.model.ParameterReport}.
 */
package dev.sure4j.adapters.model;
