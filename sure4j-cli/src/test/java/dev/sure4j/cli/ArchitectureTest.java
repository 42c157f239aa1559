package dev.sure4j.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering docs/architecture.md draws, checked on the compiled classes of every module on this
 * module's class path (adapters-core, adapters-speech, sure4j-audio-ffmpeg and the application): a
 * back arrow fails the build.
 */
@AnalyzeClasses(packages = "dev.sure4j", importOptions = ArchitectureTest.MainClassesOnly.class)
class ArchitectureTest {

  /**
   * Main classes only: no test classes, and no test jar (adapters-core's is on this class path).
   */
  static final class MainClassesOnly implements ImportOption {
    private final ImportOption noTests = new ImportOption.DoNotIncludeTests();

    @Override
    public boolean includes(Location location) {
      return noTests.includes(location) && !location.contains("-tests.jar");
    }
  }

  /** Every package is its own slice; no two packages depend on each other, directly or not. */
  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.sure4j.(**)").should().beFreeOfCycles();

  /** The adapter library knows nothing of speech, audio decoding or the application. */
  @ArchTest
  static final ArchRule coreNeverImportsSpeech =
      noClasses()
          .that()
          .resideInAPackage("dev.sure4j.adapters..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.sure4j.speech..", "dev.sure4j.audio..", "dev.sure4j.cli..");

  /** The value types (specs, targets) use nothing else of sure4j. */
  @ArchTest
  static final ArchRule valueTypesAreALeaf =
      noClasses()
          .that()
          .resideInAPackage("dev.sure4j.adapters")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.sure4j..").and(not(resideInAPackage("dev.sure4j.adapters"))));

  /** Method packages implement the method interface; the registry and model sit above them. */
  @ArchTest
  static final ArchRule methodsDoNotUseTheModel =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.sure4j.adapters.lora..",
              "dev.sure4j.adapters.bottleneck..",
              "dev.sure4j.adapters.conv..",
              "dev.sure4j.adapters.prefix..",
              "dev.sure4j.adapters.full..",
              "dev.sure4j.adapters.probe..",
              "dev.sure4j.adapters.method..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.sure4j.adapters.model..", "dev.sure4j.adapters.files..");

  /** Heads work on hidden states: they never reach into the encoder, its loading or pretraining. */
  @ArchTest
  static final ArchRule headsNeverImportEncoderInternals =
      noClasses()
          .that()
          .resideInAPackage("dev.sure4j.speech.heads..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.sure4j.speech.encoder..",
              "dev.sure4j.speech.loading..",
              "dev.sure4j.speech.pretrain..");

  /** Metrics and corpus readers are below the tasks that use them. */
  @ArchTest
  static final ArchRule metricsAndCorporaNeverImportTasks =
      noClasses()
          .that()
          .resideInAnyPackage("dev.sure4j.speech.metrics..", "dev.sure4j.speech.corpora..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.sure4j.speech.tasks..", "dev.sure4j.speech.tts..");

  /** The application is imported by nothing. */
  @ArchTest
  static final ArchRule applicationIsImportedByNothing =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.sure4j.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.sure4j.cli..");
}
