/**
 * Results of the comparison commands ({@code demo}, {@code quickstart}): one method's scores
 * ({@link dev.sure4j.cli.results.MethodResult}), their mean and spread over seeds and the printed
 * method-by-task table.
 */
package dev.sure4j.cli.results;
