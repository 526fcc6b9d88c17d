"""The occupation endpoint as the API serves it: salaries' OEWS occupation, plus the guides that cover it.

`salaries` never imports `roles`, so the guides (published roles whose `soc_code` is the occupation's)
are added here, on the floor above, by extending salaries' viewset and detail serializer;
`careerguide/api_urls.py` registers this viewset.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from careerguide.api import PageURLField
from salaries.oews_api import OccupationViewSet
from salaries.oews_serializers import OccupationDetailSerializer

from .models import Role


class GuideLinkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:role-detail", lookup_field="slug")
    guide_url = PageURLField()

    class Meta:
        model = Role
        fields = ["slug", "title", "url", "guide_url"]


class OccupationWithGuidesSerializer(OccupationDetailSerializer):
    """The occupation's detail and the published guides written for it."""

    guides = serializers.SerializerMethodField()

    class Meta(OccupationDetailSerializer.Meta):
        fields = [*OccupationDetailSerializer.Meta.fields, "guides"]

    @extend_schema_field(GuideLinkSerializer(many=True))
    def get_guides(self, occupation):
        """One query: the published roles with this SOC code, by title."""
        roles = Role.objects.published().covering_occupation(occupation.soc_code)
        return GuideLinkSerializer(roles, many=True, context=self.context).data


class OccupationGuidesViewSet(OccupationViewSet):
    __doc__ = OccupationViewSet.__doc__

    def get_serializer_class(self):
        return OccupationWithGuidesSerializer if self.action == "retrieve" else super().get_serializer_class()
