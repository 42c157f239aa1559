package dev.sure4j.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The Spark module's share of docs/architecture.md's rules (sure4j-cli checks the others). */
@AnalyzeClasses(packages = "dev.sure4j.spark", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** No two packages of the module depend on each other. */
  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.sure4j.(**)").should().beFreeOfCycles();

  /** The library side never uses its command-line entry point. */
  @ArchTest
  static final ArchRule libraryDoesNotUseItsCommand =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.sure4j.spark.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.sure4j.spark.cli..");
}
