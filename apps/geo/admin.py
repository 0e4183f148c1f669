from django.contrib import admin

from apps.geo.models import Country, CountryAlias


class CountryAliasInline(admin.TabularInline):
    model = CountryAlias
    extra = 1


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "flag", "name", "kind", "name_id"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "names", "aliases__name"]
    autocomplete_fields = ["members"]
    inlines = [CountryAliasInline]

    @admin.display(description="Indonesian name")
    def name_id(self, obj: Country) -> str:
        return obj.names.get("id", "")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True if search_term else may_have_duplicates


@admin.register(CountryAlias)
class CountryAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "language", "weak"]
    list_filter = ["language", "weak"]
    search_fields = ["name", "country__name", "country__code"]
    autocomplete_fields = ["country"]
