package dev.digest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DESIGN.md's import direction: a stage imports only the stages before it in the data flow. */
class ArchitectureTest {

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.digest");
  }

  @Test
  void stagesImportOnlyEarlierStages() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("config")
        .definedBy("dev.digest.config..")
        .layer("store")
        .definedBy("dev.digest.store..")
        .layer("http")
        .definedBy("dev.digest.http..")
        .layer("feed")
        .definedBy("dev.digest.feed..")
        .layer("extract")
        .definedBy("dev.digest.extract..")
        .layer("condense")
        .definedBy("dev.digest.condense..")
        .layer("llm")
        .definedBy("dev.digest.llm..")
        .layer("edition")
        .definedBy("dev.digest.edition..")
        .layer("render")
        .definedBy("dev.digest.render..")
        .layer("mail")
        .definedBy("dev.digest.mail..")
        .layer("subscribe")
        .definedBy("dev.digest.subscribe..")
        .layer("delivery")
        .definedBy("dev.digest.delivery..")
        .layer("bounce")
        .definedBy("dev.digest.bounce..")
        .layer("feedback")
        .definedBy("dev.digest.feedback..")
        .layer("app")
        .definedBy("dev.digest.app..")
        .layer("schedule")
        .definedBy("dev.digest.schedule..")
        .layer("web")
        .definedBy("dev.digest.web..")
        .layer("cli")
        .definedBy("dev.digest.cli..")
        .whereLayer("config")
        .mayNotAccessAnyLayer()
        .whereLayer("condense")
        .mayNotAccessAnyLayer()
        .whereLayer("store")
        .mayOnlyAccessLayers("config")
        .whereLayer("http")
        .mayOnlyAccessLayers("config")
        .whereLayer("feed")
        .mayOnlyAccessLayers("config", "store", "http")
        .whereLayer("extract")
        .mayOnlyAccessLayers("config", "feed", "http")
        .whereLayer("llm")
        .mayOnlyAccessLayers("config", "store", "http", "condense")
        .whereLayer("edition")
        .mayOnlyAccessLayers("config", "store", "feed", "extract", "condense")
        .whereLayer("render")
        .mayOnlyAccessLayers("config", "edition", "condense")
        .whereLayer("mail")
        .mayOnlyAccessLayers("config")
        .whereLayer("subscribe")
        .mayOnlyAccessLayers("config", "store", "render", "mail")
        .whereLayer("delivery")
        .mayOnlyAccessLayers("config", "store", "edition", "render", "mail", "subscribe")
        // Returned mail: the pure parser needs nothing of ours; the processor applies it to
        // subscribers and deliveries through the store.
        .whereLayer("bounce")
        .mayNotAccessAnyLayer()
        .whereLayer("feedback")
        .mayOnlyAccessLayers("config", "store", "mail", "subscribe", "bounce")
        .whereLayer("schedule")
        .mayOnlyAccessLayers("config", "app")
        .whereLayer("web")
        .mayOnlyAccessLayers(
            "config", "app", "subscribe", "edition", "render", "mail", "bounce", "feedback")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("web")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("schedule")
        .mayOnlyBeAccessedByLayers("cli")
        .check(classes);
  }

  @Test
  void noCyclesBetweenStages() {
    slices().matching("dev.digest.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void onlyHttpOpensHttpConnections() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.digest.http..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.net.http..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.HttpURLConnection")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("javax.net.ssl.HttpsURLConnection")
        .orShould()
        .callMethod(java.net.URL.class, "openConnection")
        .because(
            "every HTTP exchange goes through http's fetcher: its deadline, size cap and"
                + " host limits hold for feeds, pages and the language model alike")
        .check(classes);
  }

  @Test
  void condenseIsPure() {
    noClasses()
        .that()
        .resideInAPackage("dev.digest.condense..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.net..",
            "java.sql..",
            "java.nio.file..",
            "java.io.File",
            "dev.digest.store..",
            "dev.digest.feed..")
        .check(classes);
  }

  @Test
  void onlyStoreAndRepositoriesTouchJdbc() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.digest.store..")
        .and()
        .haveNameNotMatching(".*Repository(\\$.*)?")
        .and()
        .resideOutsideOfPackage("dev.digest.schedule..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.sql..")
        .because(
            "SQL lives in store and the *Repository classes (Quartz's connection provider excepted)")
        .check(classes);
  }

  @Test
  void onlyCliWritesToStandardOutput() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.digest.cli..")
        .should()
        .accessField(System.class, "out")
        .check(classes);
  }
}
