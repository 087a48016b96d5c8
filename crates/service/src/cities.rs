//! Cities: what each visitor may see, and creating and editing them.

use crate::accounts::already_taken;
use crate::error::Checks;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{Action, CityId, CityRole, policy, validation};
use civitas_store::{CityRow, CityUpdate, DistrictRow, NewCity};
use serde::Serialize;

/// A city as one visitor may see it.
#[derive(Debug, Clone, Serialize)]
pub struct CityView {
    pub city: CityRow,
    pub districts: Vec<DistrictRow>,
    /// The visitor's role here, if a member.
    pub role: Option<CityRole>,
    pub can_see_workspace: bool,
    /// Enter data and run the city's processes (admins and data editors).
    pub can_edit_data: bool,
    pub can_manage_members: bool,
    pub can_edit_settings: bool,
}

/// What a form for a city says, before checking.
#[derive(Debug, Clone, Default)]
pub struct CityForm {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub population: String,
    pub published: bool,
}

impl Civitas {
    /// Cities this visitor may open: published ones for everyone, plus their own.
    pub async fn visible_cities(&self, visitor: &Visitor) -> Result<Vec<CityRow>, ServiceError> {
        let all = self.store.cities().await?;
        Ok(all
            .into_iter()
            .filter(|c| {
                let action = Action::ViewPublishedCity {
                    city: CityId(c.id),
                    published: c.published,
                };
                policy::authorize(&visitor.actor, action).is_ok()
            })
            .collect())
    }

    /// Cities where the visitor holds a role (or all, for a platform admin).
    pub async fn my_cities(
        &self,
        visitor: &Visitor,
    ) -> Result<Vec<(CityRow, Option<CityRole>)>, ServiceError> {
        let Some(principal) = visitor.actor.principal() else {
            return Ok(Vec::new());
        };
        let all = self.store.cities().await?;
        Ok(all
            .into_iter()
            .filter_map(|c| {
                let role = principal.role_in(CityId(c.id));
                (role.is_some() || principal.platform_admin).then_some((c, role))
            })
            .collect())
    }

    pub async fn city_by_slug(
        &self,
        visitor: &Visitor,
        slug: &str,
    ) -> Result<CityView, ServiceError> {
        let city = self
            .store
            .city_by_slug(slug)
            .await?
            .ok_or(ServiceError::NotFound)?;
        self.city_view(visitor, city).await
    }

    pub async fn city_by_id(&self, visitor: &Visitor, id: i64) -> Result<CityView, ServiceError> {
        let city = self.store.city(id).await?.ok_or(ServiceError::NotFound)?;
        self.city_view(visitor, city).await
    }

    async fn city_view(&self, visitor: &Visitor, city: CityRow) -> Result<CityView, ServiceError> {
        let id = CityId(city.id);
        let action = Action::ViewPublishedCity {
            city: id,
            published: city.published,
        };
        if policy::authorize(&visitor.actor, action).is_err() {
            // An unpublished city does not exist for those who may not see it.
            return Err(ServiceError::NotFound);
        }
        let allowed = |action| policy::authorize(&visitor.actor, action).is_ok();
        Ok(CityView {
            districts: self.store.districts(city.id).await?,
            role: visitor.actor.principal().and_then(|p| p.role_in(id)),
            can_see_workspace: allowed(Action::ViewCityWorkspace(id)),
            can_edit_data: allowed(Action::EditCityData(id)),
            can_manage_members: allowed(Action::ManageMembers(id)),
            can_edit_settings: allowed(Action::EditCitySettings(id)),
            city,
        })
    }

    pub async fn create_city(
        &self,
        visitor: &Visitor,
        form: &CityForm,
    ) -> Result<CityRow, ServiceError> {
        policy::authorize(&visitor.actor, Action::CreateCity)?;
        let mut checks = Checks::default();
        let slug = checks.take(validation::slug("slug", &form.slug));
        let name = checks.take(validation::required_text("name", &form.name, 120));
        let country = checks.take(validation::required_text("country", &form.country, 120));
        let population = checks.take(validation::optional_positive_count(
            "population",
            &form.population,
        ));
        checks.finish()?;
        let (Some(slug), Some(name), Some(country), Some(population)) =
            (slug, name, country, population)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        let city = NewCity {
            slug,
            name,
            country,
            population,
            published: form.published,
        };
        self.store
            .create_city(&self.change_by(visitor), &city)
            .await
            .map_err(|e| already_taken(e, "slug"))
    }

    pub async fn update_city(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &CityForm,
    ) -> Result<CityRow, ServiceError> {
        let existing = self.store.city(id).await?.ok_or(ServiceError::NotFound)?;
        policy::authorize(
            &visitor.actor,
            Action::EditCitySettings(CityId(existing.id)),
        )?;
        let mut checks = Checks::default();
        let name = checks.take(validation::required_text("name", &form.name, 120));
        let country = checks.take(validation::required_text("country", &form.country, 120));
        let population = checks.take(validation::optional_positive_count(
            "population",
            &form.population,
        ));
        checks.finish()?;
        let (Some(name), Some(country), Some(population)) = (name, country, population) else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        let update = CityUpdate {
            name,
            country,
            population,
            published: form.published,
        };
        Ok(self
            .store
            .update_city(&self.change_by(visitor), id, &update)
            .await?)
    }
}
