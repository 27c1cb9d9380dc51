"""URLs of the clause library, mounted at ``/o/<org>/standards/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.standards import views

app_name = "standards"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.standards_index, name="standards_index"),
    path("adopt/", views.standards_adopt, name="standards_adopt"),
    path("<int:adopted_standard_id>/", views.standards_clauses, name="standards_clauses"),
    path("<int:adopted_standard_id>/gaps/", views.standards_gaps, name="standards_gaps"),
    path("clauses/<int:adopted_clause_id>/", views.standards_clause, name="standards_clause"),
    path("clauses/<int:adopted_clause_id>/note/", views.standards_clause_note, name="standards_clause_note"),
]
