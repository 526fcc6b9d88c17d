"""API endpoints for roles, career levels, skills, comparisons and the API's own description.

Each viewset's queryset is the model's QuerySet method and its filters the shared FilterSet,
exactly as the HTML pages use them; the comparisons come from `roles/comparisons.py`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, renderers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from careerguide.api import (
    ERROR_SCHEMA,
    SLUG_PATTERN,
    CachedReadMixin,
    ComputeEndpointMixin,
    CSVExportMixin,
    CSVRenderer,
    ModelEndpointMixin,
)
from careerguide.cache import Fragment, serve_cached
from careerguide.filters import query_array
from salaries.models import Region, Source

from . import job_description
from .assessment import assess
from .comparisons import MAX_COMPARED_ROLES, compare, parse_role_slugs, roles_by_slugs
from .filters import CareerLevelFilter, RegionalSalaryFilter, RoleFilter, SkillFilter
from .models import CareerLevel, RegionalSalary, Role, Skill
from .official_figures import check_median_pay
from .serializers.guide import (
    AboutSerializer,
    CareerLevelSerializer,
    CareerLevelWriteSerializer,
    ComparisonSerializer,
    RoleDetailSerializer,
    RoleListSerializer,
    RoleWriteSerializer,
    SkillDetailSerializer,
    SkillListSerializer,
    SkillsGapSerializer,
    SkillWriteSerializer,
)
from .serializers.pay import RegionalSalarySerializer, RegionalSalaryWriteSerializer
from .serializers.reader_tools import AssessmentInputSerializer, AssessmentSerializer, JobDescriptionSerializer
from .skills_gap import skills_gap

CONFLICT = OpenApiResponse(ERROR_SCHEMA, description="Still in use elsewhere, so it cannot be deleted.")


@extend_schema_view(
    list=extend_schema(summary="Regional salary ranges"),
    destroy=extend_schema(responses={204: None}),
)
class RegionalSalaryViewSet(CSVExportMixin, ModelEndpointMixin, viewsets.ModelViewSet):
    """Salary ranges by role and region, in local currency and USD, each with its source and date."""

    lookup_value_regex = "[0-9]+"
    filterset_class = RegionalSalaryFilter
    csv_file_name = "careerguide-salaries.csv"
    # One salary range in CSV, too (as before every list had a CSV file).
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    def get_public_queryset(self):
        return RegionalSalary.objects.published().for_listing()

    def get_serializer_class(self):
        return (
            RegionalSalarySerializer
            if self.action in ("list", "export_csv", "retrieve")
            else RegionalSalaryWriteSerializer
        )


class RoleViewSet(CSVExportMixin, ModelEndpointMixin, viewsets.ModelViewSet):
    """Career guides. The list is compact; `/roles/<slug>/` is the whole guide."""

    csv_file_name = "careerguide-roles.csv"
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = RoleFilter
    serializer_classes = {
        "list": RoleListSerializer,
        "export_csv": RoleListSerializer,
        "retrieve": RoleDetailSerializer,
        "gap": SkillsGapSerializer,
    }

    def get_public_queryset(self):
        if self.action == "retrieve":
            return Role.objects.published().for_guide_page()
        return Role.objects.published().with_headline_figures()

    def get_serializer_class(self):
        return self.serializer_classes.get(self.action, RoleWriteSerializer)

    def retrieve(self, request, *args, **kwargs):
        return serve_cached(request, lambda: Response(self.guide_data()), self.cache_vary())

    def guide_data(self) -> dict:
        """The whole guide as `RoleDetailSerializer` shows it, kept under the content version
        (careerguide.cache.Fragment): a read the response cache does not answer (another format, a
        signed-in editor, a parameter it does not read) runs no query while the content is unchanged."""
        parts = Fragment(f"api-guide:{self.request.build_absolute_uri(self.request.path)}")
        if parts.value is None:
            parts.keep(dict(self.get_serializer(self.get_object()).data))
        return parts.value

    def get_object(self):
        role = super().get_object()
        if self.action == "retrieve":
            # What the guide page shows beside its key facts: BLS's figures for its occupation (one query).
            role.median_pay_check = check_median_pay(role)
        return role

    @extend_schema(
        summary="Skills gap between two roles",
        description="What someone in the role `slug` already has, and still needs, for the role `to_slug`.",
        parameters=[
            OpenApiParameter(
                "to_slug",
                str,
                OpenApiParameter.PATH,
                pattern=f"^{SLUG_PATTERN}$",
                description="Slug of the target role.",
            )
        ],
    )
    @action(detail=True, methods=["get"], url_path=f"gap/(?P<to_slug>{SLUG_PATTERN})")
    def gap(self, request, slug=None, to_slug=None):
        try:
            from_role, to_role = roles_by_slugs(Role.objects.published().for_comparison(), [slug, to_slug])
        except ValidationError as exc:
            raise exceptions.NotFound(exc.messages[0]) from None
        return Response(SkillsGapSerializer(skills_gap(from_role, to_role), context={"request": request}).data)


@extend_schema_view(
    list=extend_schema(summary="Career levels", description="Ladder levels of published roles, role by role."),
    destroy=extend_schema(responses={204: None}),
)
class CareerLevelViewSet(CSVExportMixin, ModelEndpointMixin, viewsets.ModelViewSet):
    """Career-ladder levels with their pay."""

    csv_file_name = "careerguide-levels.csv"
    lookup_value_regex = "[0-9]+"
    filterset_class = CareerLevelFilter

    def get_public_queryset(self):
        return CareerLevel.objects.published().with_us_salary().for_ladder()

    def get_serializer_class(self):
        return (
            CareerLevelSerializer if self.action in ("list", "export_csv", "retrieve") else CareerLevelWriteSerializer
        )


@extend_schema_view(destroy=extend_schema(responses={204: None, 409: CONFLICT}))
class SkillViewSet(CSVExportMixin, ModelEndpointMixin, viewsets.ModelViewSet):
    """The shared skill taxonomy; `/skills/<slug>/` lists the published roles that need the skill."""

    csv_file_name = "careerguide-skills.csv"
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    filterset_class = SkillFilter

    def get_public_queryset(self):
        if self.action == "retrieve":
            return Skill.objects.with_role_count().with_public_roles()
        return Skill.objects.with_role_count()

    def get_serializer_class(self):
        serializers = {
            "list": SkillListSerializer,
            "export_csv": SkillListSerializer,
            "retrieve": SkillDetailSerializer,
        }
        return serializers.get(self.action, SkillWriteSerializer)


class CompareView(CachedReadMixin, APIView):
    """Roles side by side: headline figures, skills, US pay by level, and the skills they share."""

    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        summary="Compare roles",
        parameters=[
            OpenApiParameter(
                "roles",
                {
                    "type": "array",
                    "items": {"type": "string", "pattern": f"^{SLUG_PATTERN}$"},
                    "minItems": 2,
                    "maxItems": MAX_COMPARED_ROLES,
                    # `parse_role_slugs()` drops repeats, so `a,a` names one role, too few to compare.
                    "uniqueItems": True,
                },
                required=True,
                description=f"2 to {MAX_COMPARED_ROLES} different role slugs.",
            )
        ],
        responses={
            200: ComparisonSerializer,
            404: OpenApiResponse(ERROR_SCHEMA, description="A named role is not published; the body names it."),
        },
    )
    def get(self, request):
        return serve_cached(request, lambda: self.compare(request))

    def compare(self, request):
        try:
            slugs = query_array(request.query_params, "roles")
            slugs = parse_role_slugs(None if slugs is None else ",".join(slugs))
        except ValidationError as exc:
            raise exceptions.ValidationError({"roles": exc.messages}) from None
        try:
            roles = roles_by_slugs(Role.objects.published().for_comparison(), slugs)
        except ValidationError as exc:
            raise exceptions.NotFound({"roles": exc.messages}) from None
        return Response(ComparisonSerializer(compare(roles), context={"request": request}).data)


class AboutView(CachedReadMixin, APIView):
    """The API version, when the data last changed, and every source the figures come from."""

    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]

    @extend_schema(summary="About the API and its data", responses={200: AboutSerializer})
    def get(self, request):
        return serve_cached(request, lambda: self.about(request))

    def about(self, request):
        data = {
            "api_version": "v1",
            "schema_version": settings.SPECTACULAR_SETTINGS["VERSION"],
            "data_last_updated": Role.objects.published().last_updated(),
            "sources": Source.objects.all(),
            "documentation": reverse("api:docs", request=request),
            "schema": reverse("api:schema", request=request),
        }
        return Response(AboutSerializer(data, context={"request": request}).data)


ASSESSMENT_EXAMPLE = {
    "skills": {
        "sdlc-management-and-methodologies": "strong",
        "leadership-and-mentorship": "strong",
        "cloud-platform-architectures": "learning",
        "strategic-thinking": "working",
    },
    "years_total": 9,
    "years_at_level": 2,
    "certifications": ["itil"],
    "education": "bachelor",
    "region": "germany",
}


def published_role(queryset, slug: str) -> Role:
    """The role with `slug` from `queryset` (published roles), or a 404 that names the slug."""
    role = queryset.filter(slug=slug).first()
    if role is None:
        raise exceptions.NotFound(f"No published role with slug {slug[:100]!r}.")
    return role


class AssessmentView(ComputeEndpointMixin, APIView):
    """Where do I stand? The self-assessment of `roles.assessment` for one published role, as on its page."""

    @extend_schema(
        summary="Self-assessment against a role",
        description=(
            "Send how strong you are in each of the role's skills, your years of experience, the role's "
            "certifications you hold, your highest education and optionally a country or region. The answer "
            "is the page `/roles/<slug>/assess/` as data: the matching ladder level and why, readiness figures "
            "for it and the next level (each a plain count with how it was computed), the skills to build "
            "first, the guide's routes to learn them, and pay with sources. Nothing is stored; anonymous; no "
            "CSRF token needed."
        ),
        request=AssessmentInputSerializer,
        responses={
            200: AssessmentSerializer,
            404: OpenApiResponse(ERROR_SCHEMA, description="No published role with this slug."),
        },
        examples=[
            OpenApiExample("Nine years in Germany", value=ASSESSMENT_EXAMPLE, request_only=True),
            OpenApiExample("Only the years", value={"years_total": 4}, request_only=True),
            OpenApiExample(
                "Unknown skill",
                value={"skills": ["'juggling' is not one of this role's skills."]},
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def post(self, request, slug):
        role = published_role(Role.objects.published().for_assessment(), slug)
        questions = AssessmentInputSerializer(data=request.data, context={"role": role})
        questions.is_valid(raise_exception=True)
        result = assess(role, questions.answers())
        return Response(AssessmentSerializer(result, context={"request": request}).data)


class DownloadRenderer(renderers.BaseRenderer):
    """A job description already written as text by `roles.job_description.render` (errors are JSON)."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode(self.charset) if isinstance(data, str) else b""


class MarkdownRenderer(DownloadRenderer):
    media_type = "text/markdown"
    format = "md"


class PlainTextRenderer(DownloadRenderer):
    media_type = "text/plain"
    format = "txt"


JOB_DESCRIPTION_PARAMETERS = [
    OpenApiParameter(
        "level_slug", str, OpenApiParameter.PATH, pattern=f"^{SLUG_PATTERN}$", description="Slug of the level."
    ),
    OpenApiParameter(
        "region",
        str,
        required=False,
        pattern=f"^({SLUG_PATTERN})?$",
        description="Slug of a country or region whose pay to add, e.g. `germany`; empty for none.",
    ),
]


class JobDescriptionView(CachedReadMixin, APIView):
    """A job-description template for one ladder level (`roles.job_description`), as on its page."""

    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]
    renderer_classes = [renderers.JSONRenderer, MarkdownRenderer, PlainTextRenderer]

    @extend_schema(
        summary="Job description for a ladder level",
        description=(
            "Built from the guide's data only: title, summary, scope, responsibilities, required and "
            "nice-to-have skills, education, experience, certifications and pay, with sources. "
            "`?format=md` or `?format=txt` downloads it as a file."
        ),
        parameters=[
            *JOB_DESCRIPTION_PARAMETERS,
            OpenApiParameter(
                "format",
                str,
                enum=["json", "md", "txt"],
                required=False,
                description="Answer format; generated clients should call the `.md` and `.txt` operations instead.",
            ),
        ],
        responses={
            (200, "application/json"): JobDescriptionSerializer,
            (200, "text/markdown"): OpenApiResponse({"type": "string"}, description="The Markdown file."),
            (200, "text/plain"): OpenApiResponse({"type": "string"}, description="The plain-text file."),
            404: OpenApiResponse(ERROR_SCHEMA, description="No such published role or ladder level."),
        },
    )
    def get(self, request, slug, level_slug):
        return serve_cached(request, lambda: self.describe(request, slug, level_slug))

    def describe(self, request, slug, level_slug):
        region_slug = request.query_params.get("region") or ""
        region = None
        if region_slug:
            region = Region.objects.with_groups().filter(slug=region_slug[:100]).first()
            if region is None:
                raise exceptions.ValidationError({"region": [f"No country or region with slug {region_slug[:60]!r}."]})
        role = published_role(Role.objects.published().for_job_description(), slug)
        jd = job_description.build(role, level_slug, region=region)
        if jd is None:
            raise exceptions.NotFound(f"No level {level_slug[:60]!r} on the {role.title} career ladder.")
        file_format = request.accepted_renderer.format
        if file_format in job_description.FORMATS:
            body, _, file_name = job_description.render(jd, file_format)
            return Response(body, headers={"Content-Disposition": f'attachment; filename="{file_name}"'})
        return Response(JobDescriptionSerializer(jd, context={"request": request}).data)


def job_description_file_schema(renderer):
    """The schema of a job description served as one file by `renderer` (Markdown or plain text)."""
    label = {"md": "Markdown", "txt": "plain-text"}[renderer.format]
    return extend_schema(
        summary=f"Job description for a ladder level, as a {label} file",
        description=f"The job description of the JSON operation, as a {label} file to download.",
        parameters=JOB_DESCRIPTION_PARAMETERS,
        responses={
            (200, renderer.media_type): OpenApiResponse({"type": "string"}, description=f"The {label} file."),
            # Errors are JSON whatever the file's type (CachedReadMixin).
            (404, "application/json"): OpenApiResponse(
                ERROR_SCHEMA, description="No such published role or ladder level."
            ),
        },
    )


# The job description as one file (`job-description.md`, `.txt`): an operation per answer type, so that
# clients generated from the schema, which read one media type per operation, can download it.


class JobDescriptionMarkdownView(JobDescriptionView):
    renderer_classes = [MarkdownRenderer]

    @job_description_file_schema(MarkdownRenderer)
    def get(self, request, slug, level_slug):
        return super().get(request, slug, level_slug)


class JobDescriptionTextView(JobDescriptionView):
    renderer_classes = [PlainTextRenderer]

    @job_description_file_schema(PlainTextRenderer)
    def get(self, request, slug, level_slug):
        return super().get(request, slug, level_slug)
